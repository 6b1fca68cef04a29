package io.wirebook.itch;

/** System Event Message (S). */
public final class SystemEvent extends ItchMessage
{
    public byte eventCode()
    {
        return alpha1(11);
    }
}
