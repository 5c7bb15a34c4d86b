using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Kiln.E2E.Tests;

/// A copy of the small corpus workspace made for random edits: each package's main file gets a knob (a string
/// literal in an init that the binary keeps, for body edits) and an exported constant its dependents print (for
/// API edits); the copy is a git repository with a second branch that differs in API, files, tests and go.mod.
/// ApplyAsync turns a WorkspaceEdit into a concrete change and says what it did.
internal sealed partial class EditableWorkspace
{
    /// Package directory, package name, main file, and the first-party packages it may import without a cycle.
    private static readonly (string Dir, string Name, string File, string[] MayImport)[] Packages =
    [
        ("internal/stats", "stats", "stats.go", []),
        ("internal/config", "config", "config.go", ["corpus.example/small/internal/stats"]),
        ("internal/render", "render", "render.go", ["corpus.example/small/internal/config"]),
        ("cmd/wordstat", "main", "main.go", []),
    ];

    private static readonly string[] StdImports = ["strconv", "container/list", "encoding/hex"];

    private readonly List<Dictionary<string, byte[]>> _snapshots = [];

    private EditableWorkspace(string root)
    {
        Root = root;
        _snapshots.Add(Snapshot());
    }

    public string Root { get; }

    /// Writes the template (a git repository on branch main, with branch other) at `dest`.
    public static async Task CreateTemplateAsync(string dest)
    {
        Corpus.CopyWorkspace("small", dest);
        foreach (var file in Directory.EnumerateFiles(dest, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserWrite);
        foreach (var (dir, name, file, _) in Packages)
        {
            var uses = name switch
            {
                "render" => "stats.PropAPI",
                "main" => "stats.PropAPI, config.PropAPI, render.PropAPI",
                _ => "PropAPI",
            };
            File.AppendAllText(Path.Combine(dest, dir, file), $$"""

                // PropAPI is what the property test's API edits change; dependents print it.
                const PropAPI = 0

                var propOff bool

                func init() {
                	if propOff {
                		println("knob {{name}} 0", {{uses}})
                	}
                }

                """);
        }
        File.WriteAllText(Path.Combine(dest, ".gitignore"), "dist/\n");
        await GitAsync(dest, "init", "-q", "-b", "main");
        await GitAsync(dest, "add", "-A");
        await GitAsync(dest, "commit", "-q", "-m", "base");
        await GitAsync(dest, "checkout", "-q", "-b", "other");
        var ws = new EditableWorkspace(dest);
        await ws.ApplyAsync(new WorkspaceEdit(EditKind.ApiEdit, 4 * 3));   // stats: PropAPI = 3
        await ws.ApplyAsync(new WorkspaceEdit(EditKind.AddFile, 2 + 4));   // render: extra_1.go
        await ws.ApplyAsync(new WorkspaceEdit(EditKind.GoVersion, 1));     // go 1.22
        File.Delete(Path.Combine(dest, "internal", "config", "config_test.go"));
        await GitAsync(dest, "add", "-A");
        await GitAsync(dest, "commit", "-q", "-m", "other");
        await GitAsync(dest, "checkout", "-q", "main");
    }

    /// A copy of the template at `dest`, on branch main.
    public static EditableWorkspace CopyOf(string template, string dest)
    {
        CopyTree(template, dest);
        return new EditableWorkspace(dest);
    }

    /// Copies the sources (not .git, not dist) to `dest`: what a clean build of this state sees.
    public void CopySourcesTo(string dest)
    {
        foreach (var (rel, bytes) in Snapshot())
        {
            var path = Path.Combine(dest, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    /// One digest of every source file's path and content: equal states have equal digests.
    public string SourcesDigest()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var (rel, bytes) in Snapshot().OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{rel}\0{bytes.Length}\0"));
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// Applies the edit and records the resulting state (for later reverts); returns what it did.
    public async Task<string> ApplyAsync(WorkspaceEdit edit)
    {
        var did = await ApplyEditAsync(edit.Kind, edit.Choice);
        _snapshots.Add(Snapshot());
        return $"{edit}: {did}";
    }

    private async Task<string> ApplyEditAsync(EditKind kind, int choice)
    {
        var (dir, name, file, mayImport) = Packages[choice % Packages.Length];
        var main = Path.Combine(dir, file);
        var value = choice / Packages.Length % 5; // few values: contents recur, as after an undo
        switch (kind)
        {
            case EditKind.BodyEdit:
                return Rewrite(main, Knob(), $"\"knob {name} {value}\"");
            case EditKind.ApiEdit:
                return Rewrite(main, ApiConst(), $"const PropAPI = {value}");
            case EditKind.AddFile:
                {
                    var rel = Path.Combine(dir, $"extra_{value % 3}.go");
                    if (File.Exists(Full(rel))) return $"{rel} exists";
                    File.WriteAllText(Full(rel), $$"""
                        package {{name}}

                        func init() {
                        	if propOff {
                        		println("extra {{rel}}")
                        	}
                        }

                        // Extra{{value % 3}} is new API.
                        func Extra{{value % 3}}() int { return {{value}} }

                        """);
                    return "added " + rel;
                }
            case EditKind.RemoveFile:
                {
                    var candidates = GoFiles().Where(f => Path.GetFileName(f).StartsWith("extra_", StringComparison.Ordinal) || f.EndsWith("_test.go", StringComparison.Ordinal)).ToList();
                    if (candidates.Count == 0) return "no file to remove";
                    var rel = candidates[choice % candidates.Count];
                    File.Delete(Full(rel));
                    return "removed " + rel;
                }
            case EditKind.AddImport:
                {
                    string[] targets = [.. StdImports, .. mayImport];
                    var target = targets[choice / Packages.Length % targets.Length];
                    if (!File.Exists(Full(main))) return $"{main} is gone";
                    var text = File.ReadAllText(Full(main));
                    var line = $"import _ \"{target}\" // prop-import";
                    if (text.Contains(line, StringComparison.Ordinal)) return $"{main} imports {target} already";
                    var clause = $"package {name}\n";
                    var at = text.IndexOf(clause, StringComparison.Ordinal);
                    File.WriteAllText(Full(main), text[..(at + clause.Length)] + "\n" + line + "\n" + text[(at + clause.Length)..]);
                    return $"{main} imports {target}";
                }
            case EditKind.RemoveImport:
                {
                    var lines = GoFiles().SelectMany(f => File.ReadAllLines(Full(f)).Where(l => l.EndsWith("// prop-import", StringComparison.Ordinal)).Select(l => (f, l))).ToList();
                    if (lines.Count == 0) return "no import to remove";
                    var (rel, remove) = lines[choice % lines.Count];
                    File.WriteAllText(Full(rel), File.ReadAllText(Full(rel)).Replace("\n" + remove + "\n", "", StringComparison.Ordinal));
                    return $"{rel} no longer has {remove}";
                }
            case EditKind.BuildTagFlip:
                {
                    var files = GoFiles();
                    var rel = files[choice % files.Count];
                    var text = File.ReadAllText(Full(rel));
                    const string tag = "//go:build ignore\n\n";
                    var ignored = text.StartsWith(tag, StringComparison.Ordinal);
                    File.WriteAllText(Full(rel), ignored ? text[tag.Length..] : tag + text);
                    return (ignored ? "built again: " : "ignored: ") + rel;
                }
            case EditKind.Touch:
                {
                    var files = Snapshot().Keys.Order(StringComparer.Ordinal).ToList();
                    var rel = files[choice % files.Count];
                    File.SetLastWriteTimeUtc(Full(rel), DateTime.UtcNow);
                    return "touched " + rel;
                }
            case EditKind.Revert:
                {
                    var index = choice % _snapshots.Count;
                    Restore(_snapshots[index]);
                    return $"back to the state after step {index}";
                }
            case EditKind.GoVersion:
                return Rewrite("go.mod", GoLine(), $"go 1.2{1 + choice % 3}");
            case EditKind.Checkout:
                {
                    var branch = File.ReadAllText(Path.Combine(Root, ".git", "HEAD")).Contains("refs/heads/main", StringComparison.Ordinal) ? "other" : "main";
                    await GitAsync(Root, "checkout", "-q", "-f", branch);
                    await GitAsync(Root, "clean", "-q", "-f", "-d");
                    return "checked out " + branch;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private string Full(string rel) => Path.Combine(Root, rel);

    private string Rewrite(string rel, Regex pattern, string replacement)
    {
        if (!File.Exists(Full(rel))) return $"{rel} is gone";
        var text = File.ReadAllText(Full(rel));
        var edited = pattern.Replace(text, replacement, 1);
        if (edited == text) return $"{rel} has {replacement} already";
        File.WriteAllText(Full(rel), edited);
        return $"{rel}: {replacement}";
    }

    private List<string> GoFiles() =>
        [.. Snapshot().Keys.Where(f => f.EndsWith(".go", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// Every file but .git and dist, relative, with its content.
    private Dictionary<string, byte[]> Snapshot() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f))
            .Where(rel => !rel.StartsWith(".git/", StringComparison.Ordinal) && !rel.StartsWith("dist/", StringComparison.Ordinal))
            .ToDictionary(rel => rel, rel => File.ReadAllBytes(Full(rel)), StringComparer.Ordinal);

    /// Writes back what differs from `state` and deletes what it did not have, as an editor's undo would.
    private void Restore(Dictionary<string, byte[]> state)
    {
        var now = Snapshot();
        foreach (var rel in now.Keys.Where(rel => !state.ContainsKey(rel))) File.Delete(Full(rel));
        foreach (var (rel, bytes) in state)
        {
            if (now.TryGetValue(rel, out var current) && current.AsSpan().SequenceEqual(bytes)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Full(rel))!);
            File.WriteAllBytes(Full(rel), bytes);
        }
    }

    /// git without the user's configuration, with a fixed identity.
    private static readonly Dictionary<string, string> GitEnv = new()
    {
        ["GIT_AUTHOR_NAME"] = "kiln",
        ["GIT_AUTHOR_EMAIL"] = "kiln@example.com",
        ["GIT_COMMITTER_NAME"] = "kiln",
        ["GIT_COMMITTER_EMAIL"] = "kiln@example.com",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

    private static async Task GitAsync(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("git", args) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in GitEnv) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)}: {await stderr}{await stdout}");
    }

    private static void CopyTree(string src, string dest)
    {
        Directory.CreateDirectory(dest);
        foreach (var file in Directory.EnumerateFiles(src)) File.Copy(file, Path.Combine(dest, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(src)) CopyTree(dir, Path.Combine(dest, Path.GetFileName(dir)));
    }

    [GeneratedRegex("\"knob [a-z]+ [0-9]+\"")]
    private static partial Regex Knob();

    [GeneratedRegex("const PropAPI = [0-9]+")]
    private static partial Regex ApiConst();

    [GeneratedRegex("^go 1\\.[0-9]+$", RegexOptions.Multiline)]
    private static partial Regex GoLine();
}
