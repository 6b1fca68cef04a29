package io.wirebook.doctor;

import java.util.Objects;

/**
 * One line of the doctor's report.
 *
 * @param name   what was checked, one word (hugepages, nohz_full, ...).
 * @param status the verdict.
 * @param found  what the host has, in one line.
 * @param fix    one line saying what to do; empty when the status is {@link Status#OK}.
 */
public record Check(String name, Status status, String found, String fix)
{
    public Check
    {
        Objects.requireNonNull(name);
        Objects.requireNonNull(status);
        Objects.requireNonNull(found);
        Objects.requireNonNull(fix);
    }

    public static Check ok(final String name, final String found)
    {
        return new Check(name, Status.OK, found, "");
    }

    public static Check warn(final String name, final String found, final String fix)
    {
        return new Check(name, Status.WARN, found, fix);
    }

    public static Check fail(final String name, final String found, final String fix)
    {
        return new Check(name, Status.FAIL, found, fix);
    }

    public static Check skip(final String name, final String reason, final String fix)
    {
        return new Check(name, Status.SKIP, reason, fix);
    }
}
