package io.wirebook.doctor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * CPUID through the kernel's cpuid driver: a 16-byte read of /dev/cpu/N/cpuid at offset LEAF runs CPUID(LEAF) on
 * CPU N and returns eax, ebx, ecx, edx. Needs root and CONFIG_X86_CPUID.
 *
 * <p>Timing it: the driver runs the instruction on CPU N, locally when this thread is on N and through an IPI
 * otherwise, so the cheapest batch over all CPUs is the local one. The cost of a read of /dev/zero (the system
 * call itself) is taken off.
 */
final class DevCpuidProbe implements CpuidProbe
{
    private static final Path DEV_CPU = Path.of("/dev/cpu");
    private static final int HYPERVISOR_LEAF = 0x4000_0000;
    private static final int REGISTERS_SIZE = 16;
    private static final int EBX_OFFSET = 4;
    private static final int ECX_OFFSET = 8;
    private static final int EDX_OFFSET = 12;
    private static final int ROUNDS = 20;
    private static final int READS_PER_ROUND = 50;

    @Override
    public String hypervisorSignature()
    {
        final List<Path> devices = devices();
        if (devices.isEmpty())
        {
            return null;
        }
        try (FileChannel cpuid = FileChannel.open(devices.getFirst(), StandardOpenOption.READ))
        {
            final ByteBuffer regs = ByteBuffer.allocate(REGISTERS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            if (cpuid.read(regs, HYPERVISOR_LEAF) != REGISTERS_SIZE)
            {
                return null;
            }
            final byte[] signature = new byte[12];
            regs.get(EBX_OFFSET, signature, 0, 4);
            regs.get(ECX_OFFSET, signature, 4, 4);
            regs.get(EDX_OFFSET, signature, 8, 4);
            final String s = new String(signature, StandardCharsets.US_ASCII).replace("\0", "").strip();
            return s.isEmpty() || !s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? null : s;
        }
        catch (final IOException | SecurityException ex)
        {
            return null;
        }
    }

    @Override
    public double exitNanos()
    {
        final List<Path> devices = devices();
        if (devices.isEmpty())
        {
            return Double.NaN;
        }
        try
        {
            double cheapest = Double.MAX_VALUE;
            for (final Path device : devices)
            {
                cheapest = Math.min(cheapest, cheapestRead(device, 0));
            }
            final double syscall = cheapestRead(Path.of("/dev/zero"), 0);
            return Math.max(0, cheapest - syscall);
        }
        catch (final IOException | SecurityException ex)
        {
            return Double.NaN;
        }
    }

    private static double cheapestRead(final Path device, final long position) throws IOException
    {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ))
        {
            final ByteBuffer regs = ByteBuffer.allocateDirect(REGISTERS_SIZE);
            double cheapest = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++)
            {
                final long start = System.nanoTime();
                for (int i = 0; i < READS_PER_ROUND; i++)
                {
                    regs.clear();
                    if (channel.read(regs, position) != REGISTERS_SIZE)
                    {
                        throw new IOException("short read of " + device);
                    }
                }
                cheapest = Math.min(cheapest, (System.nanoTime() - start) / (double)READS_PER_ROUND);
            }
            return cheapest;
        }
    }

    private static List<Path> devices()
    {
        final List<Path> devices = new ArrayList<>();
        try (var entries = Files.list(DEV_CPU))
        {
            entries.map(p -> p.resolve("cpuid")).filter(Files::isReadable).sorted().forEach(devices::add);
        }
        catch (final IOException | SecurityException ex)
        {
            return List.of();
        }
        return devices;
    }
}
