package io.wirebook.report;

import java.util.Map;

/** A C tool people trust, run on the same wire in the same run: sockperf, dpdk-testpmd. */
public record PeerResult(String tool, String mode, String status, String reason, Map<String, Object> figures)
{
}
