package io.wirebook.sim;

/**
 * Faults the publisher makes on one line, where the lab's kernel cannot: reorder needs a delay (no sch_netem), and
 * a duplicate is simplest at the source. Rates are per mille of the line's data packets, drawn from the seed, so a
 * run is repeatable; heartbeats and End of Session are never held or doubled.
 *
 * @param reorderPermille   packets held back and sent right after the channel's next packet on the same line.
 * @param duplicatePermille packets sent twice in a row on the line.
 */
public record PacketFaults(int reorderPermille, int duplicatePermille)
{
    public static final PacketFaults NONE = new PacketFaults(0, 0);
    public static final int PER_MILLE = 1000;

    public PacketFaults
    {
        if (reorderPermille < 0 || reorderPermille > PER_MILLE || duplicatePermille < 0 ||
            duplicatePermille > PER_MILLE)
        {
            throw new IllegalArgumentException("reorder and duplicate rates are per mille, 0..1000, got " +
                reorderPermille + " and " + duplicatePermille);
        }
    }

    public boolean any()
    {
        return reorderPermille > 0 || duplicatePermille > 0;
    }
}
