package io.wirebook.report;

/** One channel of a path's run: its feed number (1-based, as the tables count feeds), group and figures. */
public record FeedResult(int feed, String group, Stats stats)
{
}
