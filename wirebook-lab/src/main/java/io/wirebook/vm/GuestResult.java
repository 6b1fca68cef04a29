package io.wirebook.vm;

/** What one command run in the guest gave: its exit status and everything it wrote to stdout and stderr. */
public record GuestResult(int status, String output)
{
    public boolean ok()
    {
        return status == 0;
    }
}
