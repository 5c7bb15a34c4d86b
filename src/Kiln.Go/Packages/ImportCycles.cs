namespace Kiln.Go.Packages;

/// Import cycles, found as the go command finds them (cmd/go/internal/load): a depth-first load from each
/// root in turn, over each package's imports in the order go visits them; a package imported again while it
/// is still being loaded gets the error `import cycle not allowed`, with the import stack from the root to
/// that import (`package r\n\timports a\n\timports b\n\timports a: import cycle not allowed`). Every cycle
/// holds at least one such package, so nothing that compiles a cycle's packages can wait on itself.
///
/// Internal tests are checked as `go test` checks them (load.recompileForTest): a package whose test imports
/// reach back to it gets `import cycle not allowed in test`, with the shortest such chain.
public static class ImportCycles
{
    public const string Message = "import cycle not allowed";
    public const string TestMessage = "import cycle not allowed in test";

    /// The import stack of each package that closes a cycle, loading `roots` in order over `importsOf`
    /// (a package's imports, or null for a package outside the graph, such as std).
    public static Dictionary<string, IReadOnlyList<string>> Find(IEnumerable<string> roots,
        Func<string, IReadOnlyList<string>?> importsOf, IEnumerable<(string Label, IReadOnlyList<string> Imports)>? more = null)
    {
        var cycles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var loading = new HashSet<string>(StringComparer.Ordinal);
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var stack = new List<string>();

        // Iterative, so a deep chain of packages cannot overflow the thread's stack.
        void Load(string root)
        {
            if (loaded.Contains(root) || loading.Contains(root) || importsOf(root) is not { } rootImports) return;
            var frames = new Stack<(string Path, IReadOnlyList<string> Imports, int Next)>();
            frames.Push((root, rootImports, 0));
            stack.Add(root);
            loading.Add(root);
            while (frames.Count > 0)
            {
                var (path, imports, next) = frames.Pop();
                if (next == imports.Count)
                {
                    loading.Remove(path);
                    loaded.Add(path);
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }
                frames.Push((path, imports, next + 1));
                var import = imports[next];
                if (loaded.Contains(import)) continue;
                if (loading.Contains(import))
                {
                    cycles.TryAdd(import, [.. stack, import]);
                    continue;
                }
                if (importsOf(import) is not { } its) continue;
                frames.Push((import, its, 0));
                stack.Add(import);
                loading.Add(import);
            }
        }

        foreach (var root in roots) Load(root);
        // Tests' imports load after every root, each from a stack `p (test)` or `p_test`, as go test loads them.
        foreach (var (label, imports) in more ?? [])
        {
            stack.Add(label);
            foreach (var import in imports)
            {
                if (loading.Contains(import)) cycles.TryAdd(import, [.. stack, import]);
                else Load(import);
            }
            stack.RemoveAt(stack.Count - 1);
        }
        return cycles;
    }

    /// The shortest chain by which p's internal test (its test imports, then its own imports) reaches p
    /// again, as `[p, ..., p]`, or null: go test's breadth-first search of the test's import graph.
    public static IReadOnlyList<string>? FindInTest(string p, IEnumerable<string> testImports, Func<string, IReadOnlyList<string>?> importsOf)
    {
        var importerOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var import in testImports)
        {
            if (importerOf.TryAdd(import, null)) queue.Enqueue(import);
        }
        while (queue.TryDequeue(out var current))
        {
            if (current == p)
            {
                var chain = new List<string>();
                for (string? at = current; at is not null; at = importerOf[at]) chain.Add(at);
                chain.Add(p);
                chain.Reverse();
                return chain;
            }
            foreach (var dep in importsOf(current) ?? [])
            {
                if (importerOf.TryAdd(dep, current)) queue.Enqueue(dep);
            }
        }
        return null;
    }

    /// The go command's text for a package error with an import stack (PackageError.Error).
    public static string Describe(IReadOnlyList<string> stack, string message) =>
        "package " + string.Join("\n\timports ", stack) + ": " + message;
}
