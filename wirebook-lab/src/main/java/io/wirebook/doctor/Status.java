package io.wirebook.doctor;

import java.util.Locale;

/**
 * A check's verdict. {@link #FAIL}: a receive path cannot run on this host. {@link #WARN}: it runs, slower or
 * noisier than it could. {@link #SKIP}: the check could not look (and says why).
 */
public enum Status
{
    OK,
    WARN,
    FAIL,
    SKIP;

    /** The name in JSON: ok, warn, fail, skip. */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
