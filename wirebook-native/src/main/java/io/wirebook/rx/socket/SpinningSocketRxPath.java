package io.wirebook.rx.socket;

/** {@code socket-spin}: recvmsg with MSG_DONTWAIT, busy-polled. A no-arg class so it can be created by name. */
public final class SpinningSocketRxPath extends KernelSocketRxPath
{
    public SpinningSocketRxPath()
    {
        super(true);
    }
}
