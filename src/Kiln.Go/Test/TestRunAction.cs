using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;
using Kiln.Store;

namespace Kiln.Go.Test;

/// The action that runs a test binary (reference §4): the package's own files and its `testdata/` tree at the
/// package's workspace-relative directory, which is the working directory, inside a view of the rest of its
/// module on disk (HostView: parent testdata, go.mod and go.sum, sibling packages, as go test runs a test in
/// place); Kiln's own files under `.kiln/` (the binary, the test log, coverage, HOME). A third-party package:
/// its whole module at `mod/PATH@VERSION`, working in the package's directory there. A declared environment;
/// stdout and stderr merged into one stream as go test shows them; the process tree killed a minute after
/// -timeout (the binary panics at -timeout itself). The key covers the binary's digest, the package's files,
/// the flags, the environment and the state of the workspace files outside the package that the test read last
/// time (`keyedReads`, see TestReads), so a passing result is reused only when none changed; the view itself is
/// not in the key. The binary writes its test log (TestReads.LogPath) as a declared output.
internal static class TestRunAction
{
    /// Where Kiln's own files sit in the sandbox, beside the module view.
    public const string Own = ".kiln";

    /// The HOME a test sees: an empty directory of its sandbox.
    public const string Home = Own + "/home";

    public static ProcessRequest Request(LocalStore store, GoSdk sdk, GoPackage p, PackageSource source, Core.Digest binary, TestFlags flags,
        IReadOnlyList<(string ImportPath, Core.Digest Meta)> coverMetas, string keyedReads)
    {
        var root = new TreeBuilder(store);
        string rel;
        HostView? view = null;
        if (source.DiskDir is { } packageDir)
        {
            rel = p.Dir is "." or "" ? "" : p.Dir;
            var prefix = rel.Length == 0 ? "" : rel + "/";
            foreach (var file in DirectoryFiles.Of(packageDir))
                root.AddFile(prefix + file.Name, store.PutFile(file.FullPath), file.Executable);
            var testdata = Path.Combine(packageDir, "testdata");
            if (Directory.Exists(testdata)) root.AddDirectory(prefix + "testdata", store.Snapshot(testdata));
            view = ModuleView(packageDir, rel);
        }
        else
        {
            // A third-party package: its whole module at mod/PATH@VERSION, as in go's module cache.
            var module = p.Module ?? throw TestErrors.MissingFile("go.mod", p.ImportPath);
            var moduleDir = $"mod/{module.Path}@{module.Version}";
            root.AddDirectory(moduleDir, source.ModuleTree);
            rel = source.ModuleDir.Length == 0 ? moduleDir : moduleDir + "/" + source.ModuleDir;
        }
        if (coverMetas.Count > 0)
        {
            // -coverpkg: metafiles.txt in the coverage directory, as go test copies it there; fragment paths
            // are relative to the working directory (the sandbox root is only known when the action runs).
            var up = string.Concat(Enumerable.Repeat("../", rel.Length == 0 ? 0 : rel.Split('/').Length));
            var fragments = coverMetas.Select((m, i) => $"{TestFlags.CoverDir}/meta/{i}").ToList();
            for (var i = 0; i < fragments.Count; i++) root.AddFile(fragments[i], coverMetas[i].Meta);
            var collection = new CoverMetaFiles([.. coverMetas.Select(m => m.ImportPath)], [.. fragments.Select(f => up + f)]);
            root.AddFile(TestFlags.CoverDir + "/metafiles.txt", store.PutBytes(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(collection, GoJson.Default.CoverMetaFiles)));
        }
        var name = Build.GoBuilder.BinaryName(p.ImportPath) + ".test";
        root.AddFile($"{Own}/bin/{name}", binary, executable: true);
        root.AddDirectory(Home, store.PutDirectory(new Store.Reapi.Directory()));
        if (keyedReads.Length > 0) root.AddFile(TestReads.KeyedPath, store.PutBytes(System.Text.Encoding.UTF8.GetBytes(keyedReads)));

        var argv = new List<string> { "/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1", $"{{sandbox}}/{Own}/bin/{name}" };
        argv.Add("-test.testlogfile={sandbox}/" + TestReads.LogPath);
        argv.AddRange(flags.BinaryArgs());
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Path.Combine(sdk.GoRoot, "bin") + ":/usr/bin:/bin",
            ["GOROOT"] = sdk.GoRoot,
            ["HOME"] = "{sandbox}/" + Home,
        };
        // The coverage directory exists because it holds the declared profile (the runner creates outputs' parents).
        var outputs = new EquatableArray<string>(flags.CoverMode is null ? [TestReads.LogPath] : [TestReads.LogPath, TestFlags.CoverProfilePath]);
        return new ProcessRequest(new EquatableArray<string>(argv), new EquatableMap<string>(env), root.Build(),
            outputs, EquatableArray<string>.Empty, "test " + p.ImportPath)
        {
            WorkingDirectory = rel,
            Timeout = flags.Timeout == TimeSpan.Zero ? null : flags.Timeout + TimeSpan.FromMinutes(1),
            CachePolicy = flags.Cacheable ? CachePolicy.Cache : CachePolicy.NoCache,
            ToolDirectories = new EquatableArray<string>(sdk.ToolDirectories),
            View = view,
            Priority = SchedulePriority.EndOfChain,
        };
    }

    /// The view of the module a package on disk belongs to: its innermost directory holding a go.mod, found by
    /// walking up from the package's directory as many levels as its workspace-relative path has (never above
    /// the workspace). Null when there is none.
    private static HostView? ModuleView(string packageDir, string rel)
    {
        var host = packageDir;
        var inSandbox = rel;
        while (true)
        {
            if (File.Exists(Path.Combine(host, "go.mod"))) return new HostView(inSandbox, host);
            if (inSandbox.Length == 0 || Path.GetDirectoryName(host) is not { } up) return null;
            host = up;
            var slash = inSandbox.LastIndexOf('/');
            inSandbox = slash < 0 ? "" : inSandbox[..slash];
        }
    }
}
