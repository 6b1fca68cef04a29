package io.wirebook.rx.kring;

import io.wirebook.rx.PathOption;
import io.wirebook.rx.PathOptions;

/** The options of the {@code kring} path, with defaults and help. */
public final class KringOptions
{
    private static final String DEFAULT_DEVICE_TEXT = "/dev/wbring";
    public static final PathOption<String> DEVICE = PathOption.text("kring.device", "PATH", DEFAULT_DEVICE_TEXT,
        "the wbring character device");
    public static final PathOption<Integer> SLOTS = PathOption.powerOfTwo("kring.slots", 1024, KringAbi.MIN_SLOTS,
        KringAbi.MAX_SLOTS, "ring slots per interface");
    public static final PathOption<Integer> SLOT_SIZE = PathOption.powerOfTwo("kring.slot-size", 2048,
        KringAbi.MIN_SLOT_SIZE, KringAbi.MAX_SLOT_SIZE,
        "bytes per slot: a 16-byte head, then the frame (a longer frame is dropped and counted as too large)");
    public static final PathOption<String> WAIT = PathOption.choice("kring.wait", "spin",
        "on an empty ring: spin on the producer index, or sleep in poll(2) until the rx handler wakes the thread",
        "spin", "poll");

    public static final PathOptions OPTIONS = new PathOptions(KringRxPath.NAME, "kring.", DEVICE, SLOTS, SLOT_SIZE,
        WAIT);

    /** The device when {@link #DEVICE} is not given. */
    public static final String DEFAULT_DEVICE = DEFAULT_DEVICE_TEXT;

    private KringOptions()
    {
    }
}
