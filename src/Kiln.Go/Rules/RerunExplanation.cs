using Kiln.Engine;

namespace Kiln.Go.Rules;

/// Why a compile, link or test re-ran, said in Go terms from the engine's rerun reason: the first input of
/// its trace that changed.
public static class RerunExplanation
{
    /// One line (`compile internal/core: core.go changed`), or null for nodes that are not actions.
    public static string? Explain(RerunReason reason, string workspaceRoot)
    {
        var what = Unversioned(reason.Kind) switch
        {
            "go.compile" => "compile",
            "go.link" => "link",
            "go.test" => "test",
            _ => null,
        };
        if (what is null) return null;
        var subject = KeyText.Split(reason.Key)[0];
        return $"{what} {subject}: {Cause(reason, workspaceRoot)}";
    }

    private static string Cause(RerunReason reason, string workspaceRoot)
    {
        if (reason.ChangedKind is null) return "first build of this package in this store, with these settings";
        var key = reason.ChangedKey ?? "";
        if (reason.DependencyFailed) return $"{Describe(reason.ChangedKind, key, workspaceRoot)} failed";
        return Unversioned(reason.ChangedKind) switch
        {
            "go.file" => $"{Relative(key, workspaceRoot)} changed",
            "go.dir" => $"the files in {Relative(KeyText.Split(key)[0], workspaceRoot)} changed",
            "go.settings" => "build settings changed (Go SDK, GOOS/GOARCH, -tags, cgo, C compiler, or the modules go.mod and go.sum select)",
            "store.generation" => "evicted by gc (the store was collected since the last run)",
            "go.package" => $"the package listing of {KeyText.Split(key)[0]} changed (files, imports or build constraints)",
            "go.graph" => "the package graph changed",
            "go.compile" => $"export data of {KeyText.Split(key)[0]} changed",
            _ => $"{reason.ChangedKind} {key} changed",
        };
    }

    /// A rule kind without its version (`go.compile/v1` → `go.compile`): the wording does not change with a key's encoding.
    private static string Unversioned(string kind) => kind.Split('/')[0];

    private static string Describe(string kind, string key, string workspaceRoot) => Unversioned(kind) switch
    {
        "go.compile" => "compile " + KeyText.Split(key)[0],
        "go.file" => Relative(key, workspaceRoot),
        _ => kind,
    };

    private static string Relative(string path, string workspaceRoot)
    {
        var rel = Path.GetRelativePath(workspaceRoot, path);
        return rel.StartsWith("..", StringComparison.Ordinal) ? path : rel;
    }
}
