package io.wirebook.report;

import java.util.List;
import java.util.Map;

/** Everything one {@code wirebook bench} run measured: the root of results.json. */
public record RunResult(String scenario, long rateMsgs, double durationS, double warmupS, int channels,
    Map<String, Object> host, List<PathResult> paths, List<PeerResult> peers, Map<String, Object> comparisons)
{
}
