namespace Kiln.Go.Tests;

/// The shared real-module corpus (`../shared/corpus` next to the repository, or KILN_CORPUS_DIR).
internal static class CorpusPaths
{
    public static string Root { get; } = Environment.GetEnvironmentVariable("KILN_CORPUS_DIR") is { Length: > 0 } d ? d : "/work/shared/corpus";

    public static string Workspaces => Path.Combine(Root, "workspaces");
}
