package io.wirebook.rx.socket;

/** {@code socket}: blocking recvmsg, the kernel-driver baseline. A no-arg class so it can be created by name. */
public final class BlockingSocketRxPath extends KernelSocketRxPath
{
    public BlockingSocketRxPath()
    {
        super(false);
    }
}
