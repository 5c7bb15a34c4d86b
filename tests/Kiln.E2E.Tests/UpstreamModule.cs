using System.IO.Compression;

namespace Kiln.E2E.Tests;

/// A module of the corpus proxy unpacked as a main module (its upstream test suite, as Debian ships it) and
/// compared under both tools: `go build ./...` against `kiln build ./...` (success), `go test -short ./...` against
/// `kiln test -short ./...` (each package's verdict). Modules without tests, or that `go mod tidy` cannot complete
/// against the proxy (from an empty go.sum), or that need a newer Go, are skipped with the reason.
internal static class UpstreamModule
{
    /// One module's outcome: skipped (with why), or both tools' results.
    public sealed record Outcome(string Module, string? Skipped, bool GoBuilt, bool KilnBuilt,
        IReadOnlyDictionary<string, string> GoVerdicts, IReadOnlyDictionary<string, string> KilnVerdicts, string KilnOutput)
    {
        public bool Same => Skipped is not null || (GoBuilt == KilnBuilt && GoVerdicts.SequenceEqual(KilnVerdicts));

        /// What differs, package by package, for a report or a failed assertion.
        public string Differences()
        {
            if (Same) return "";
            var lines = new List<string>();
            if (GoBuilt != KilnBuilt) lines.Add($"build: go {(GoBuilt ? "ok" : "failed")}, kiln {(KilnBuilt ? "ok" : "failed")}");
            foreach (var p in GoVerdicts.Keys.Union(KilnVerdicts.Keys).Order(StringComparer.Ordinal))
            {
                var go = GoVerdicts.GetValueOrDefault(p, "-");
                var kiln = KilnVerdicts.GetValueOrDefault(p, "-");
                if (go != kiln) lines.Add($"{p}: go {go}, kiln {kiln}");
            }
            return string.Join("; ", lines);
        }
    }

    /// Every module@version the proxy serves (its `@v/list` files; `!x` in a path stands for `X`).
    public static List<string> All(string proxyDir) =>
        [.. Directory.EnumerateFiles(proxyDir, "list", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "@v")
            .SelectMany(f =>
            {
                var escaped = Path.GetRelativePath(proxyDir, Path.GetDirectoryName(Path.GetDirectoryName(f))!);
                var path = Unescape(escaped);
                return File.ReadAllLines(f).Where(v => v.Length > 0).Select(v => $"{path}@{v.Trim()}");
            })
            .Order(StringComparer.Ordinal)];

    public static async Task<Outcome> CompareAsync(string moduleAtVersion, string workRoot, string goScratch, KilnProcess kiln)
    {
        var at = moduleAtVersion.LastIndexOf('@');
        var (path, version) = (moduleAtVersion[..at], moduleAtVersion[(at + 1)..]);
        var dir = Path.Combine(workRoot, moduleAtVersion.Replace('/', '_'));
        var versionDir = Path.Combine(Corpus.ProxyDir, Escape(path), "@v");
        Unpack(Path.Combine(versionDir, version + ".zip"), $"{path}@{version}/", dir);
        // A module without a go.mod of its own is served with one (its .mod file), as the go command then uses it;
        // upstream's go.sum holds upstream's hashes, which the corpus modules (Debian's sources) do not match.
        if (!File.Exists(Path.Combine(dir, "go.mod"))) File.Copy(Path.Combine(versionDir, version + ".mod"), Path.Combine(dir, "go.mod"));
        File.Delete(Path.Combine(dir, "go.sum"));
        Outcome Skip(string why) => new(moduleAtVersion, why, false, false, Empty, Empty, "");
        if (!Directory.EnumerateFiles(dir, "*_test.go", SearchOption.AllDirectories).Any()) return Skip("no tests");
        var packages = Directory.EnumerateFiles(dir, "*.go", SearchOption.AllDirectories).Select(Path.GetDirectoryName).Distinct().Count();
        if (packages > MaxPackages) return Skip($"{packages} package directories, more than the {MaxPackages} a run of the whole set affords");

        var (tidyExit, _, tidyErr) = await GoTool.TryRunAsync(dir, goScratch, new Dictionary<string, string> { ["GOFLAGS"] = "-mod=mod" }, "mod", "tidy");
        if (tidyExit != 0) return Skip("go mod tidy: " + FirstLine(tidyErr));
        var (goBuild, _, _) = await GoTool.TryRunAsync(dir, goScratch, null, "build", "./...");
        var (_, goTest, _) = await GoTool.TryRunAsync(dir, goScratch, null, "test", "-short", "-timeout", "120s", "./...");

        var build = await kiln.RunAsync(dir, "build", "./...", "--allow-download");
        var test = await kiln.RunAsync(dir, "test", "-short", "-timeout", "120s", "./...", "--allow-download");
        return new Outcome(moduleAtVersion, null, goBuild == 0, build.ExitCode == 0, TestVerdicts.Parse(goTest), TestVerdicts.Parse(test.Stdout),
            build.Stderr + test.Stdout + test.Stderr);
    }

    /// A module this large (aws-sdk-go: over a thousand) takes most of an hour under both tools on a small machine.
    private const int MaxPackages = 150;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => !l.StartsWith("go: downloading", StringComparison.Ordinal)) ?? "";

    /// A module zip's files under `dest`, without their `path@version/` prefix.
    private static void Unpack(string zip, string prefix, string dest)
    {
        using var archive = ZipFile.OpenRead(zip);
        foreach (var entry in archive.Entries)
        {
            if (!entry.FullName.StartsWith(prefix, StringComparison.Ordinal) || entry.FullName.EndsWith('/')) continue;
            var target = Path.Combine(dest, entry.FullName[prefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }
    }

    /// The module proxy protocol's case encoding: an upper-case letter is `!` and the letter in lower case.
    private static string Escape(string path) =>
        string.Concat(path.Select(c => char.IsAsciiLetterUpper(c) ? "!" + char.ToLowerInvariant(c) : c.ToString()));

    private static string Unescape(string escaped)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '!' && i + 1 < escaped.Length) sb.Append(char.ToUpperInvariant(escaped[++i]));
            else sb.Append(escaped[i]);
        }
        return sb.ToString();
    }
}
