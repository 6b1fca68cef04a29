package io.wirebook.doctor;

/** Runs a host tool (ip, ethtool, systemd-detect-virt); tests put canned answers in its place. */
public interface ToolRunner
{
    /**
     * @return what the tool printed and its exit code, or null when the tool is not installed or did not finish.
     */
    Result run(String... argv);

    record Result(int exitCode, String stdout)
    {
        public boolean ok()
        {
            return exitCode == 0;
        }
    }

    static ToolRunner system()
    {
        return new ProcessToolRunner();
    }
}
