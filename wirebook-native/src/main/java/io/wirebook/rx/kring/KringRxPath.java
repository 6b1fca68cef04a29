package io.wirebook.rx.kring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;

/**
 * The kring receive path: wirebook's own character-device ring driver ({@code wbring}, a kernel module) takes the
 * feed's flows off each interface's receive path with an rx_handler and copies every frame, with a CLOCK_MONOTONIC
 * stamp, into a ring of slots that this path maps and reads with acquire/release ordering: no system call per
 * packet. Everything else on the interface goes on to the kernel's stack. Frames go through a
 * {@link io.wirebook.rx.FrameFilter}, as on the other raw-frame paths, so that checksums and sources are checked
 * here, not taken on the module's word.
 *
 * <pre>
 * open:  per interface: open /dev/wbring → ioctl geometry and flows → mmap the ring → join the groups (IGMP)
 * poll:  per interface: ring → slot check → FrameFilter → handler → consumer index back with release
 * close: per interface: leave the groups → munmap → close (the module unhooks the interface)
 * </pre>
 *
 * <p>Options: {@link KringOptions}, checked before anything is opened. Counters: {@link KringCounters}.
 *
 * <p>open() acts in the network namespace of the calling thread. close() may run on any thread once the poll loop
 * has stopped: it unmaps the rings. Nothing outlives the process, so no exit hook is needed: at exit the kernel
 * closes the files and the module unhooks the interfaces.
 */
public final class KringRxPath implements RxPath
{
    public static final String NAME = "kring";

    /** From a successful open until close(): the one field poll checks first. */
    private boolean isOpen;
    private boolean closed;
    private boolean sleeps;
    private KringDevice[] devices = new KringDevice[0];
    private KringRing[] rings = new KringRing[0];
    private PacketCapture capture;
    private KringCounters counters;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void open(final RxConfig config) throws RxUnavailableException
    {
        if (devices.length != 0)
        {
            throw new IllegalStateException("kring path already open");
        }
        KringOptions.OPTIONS.check(config);
        final String option = KringOptions.DEVICE.from(config);
        final String device = option.isEmpty() ? KringOptions.DEFAULT_DEVICE : option;
        final int slots = KringOptions.SLOTS.from(config);
        final int slotSize = KringOptions.SLOT_SIZE.from(config);
        final boolean sleepWhenEmpty = "poll".equals(KringOptions.WAIT.from(config));
        closed = false;
        final KringCounters made = new KringCounters(config.counters());
        final List<KringDevice> opened = new ArrayList<>();
        try
        {
            for (final String interfaceName : config.interfaces())
            {
                opened.add(KringDevice.open(device, config.flows(), interfaceName, slots, slotSize, sleepWhenEmpty,
                    made));
            }
        }
        catch (final RxUnavailableException ex)
        {
            for (final KringDevice done : opened)
            {
                done.close();
            }
            throw ex;
        }
        devices = opened.toArray(new KringDevice[0]);
        rings = new KringRing[devices.length];
        for (int i = 0; i < devices.length; i++)
        {
            rings[i] = devices[i].ring();
        }
        counters = made;
        sleeps = sleepWhenEmpty;
        capture = config.capture();
        isOpen = true;
    }

    /** One batch from each interface's ring: the sum of their work. */
    @Override
    public int poll(final DatagramHandler handler)
    {
        if (!isOpen)
        {
            throw new IllegalStateException(closed ? NAME + " is closed" : NAME + " is not open");
        }
        final KringDevice[] devices = this.devices;
        int work = 0;
        for (int i = 0; i < devices.length; i++)
        {
            work += devices[i].poll(handler, capture);
        }
        return work;
    }

    /** The module stamps every frame with ktime_get_ns(), CLOCK_MONOTONIC: the host clock. */
    @Override
    public boolean hasArrivalStamp()
    {
        return true;
    }

    /** With {@code kring.wait=poll} the path sleeps in poll(2) itself; the loop must not spin on top of it. */
    @Override
    public boolean spins()
    {
        return !sleeps;
    }

    /** Reads what the module counted in each ring's shared area into the path's counters. */
    @Override
    public void refreshCounters()
    {
        if (isOpen)
        {
            counters.refresh(rings);
        }
    }

    @Override
    public void close()
    {
        if (!isOpen)
        {
            return;
        }
        // The module's last counts, before the areas they live in are unmapped.
        counters.refresh(rings);
        isOpen = false;
        closed = true;
        for (final KringDevice device : devices)
        {
            device.close();
        }
    }

    /** Why this host cannot run kring, with the fix; null when the device is there to open. */
    public static String prerequisitesMissing(final String device)
    {
        if (!Files.exists(Path.of(device)))
        {
            return "no " + device + " (the wbring module is not loaded); fix: " + KringDevice.MODULE_FIX;
        }
        return null;
    }
}
