using System.Diagnostics;
using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// Kiln installed the ways a Go team installs it, from eng/package.sh's artifacts (see PackagesFixture: built
/// once when missing, which takes minutes): the self-contained tarball in a clean HOME with no .NET on PATH,
/// and the .NET tool package with `dotnet tool install`.
public sealed class PackageInstallTests(PackagesFixture packages) : IClassFixture<PackagesFixture>
{
    [Fact]
    public async Task Tarball_InCleanHomeWithoutDotnet_BuildsHelloAsGoBuildDoes()
    {
        using var temp = new TempDirectory("kiln-install");
        var home = Directory.CreateDirectory(temp.Combine("home")).FullName;
        var opt = Directory.CreateDirectory(Path.Combine(home, "opt")).FullName;
        await RunOkAsync(temp.Path, Env(home, "/usr/bin:/bin"), "tar", "-xzf", packages.Tarball, "-C", opt);
        var kilnBin = Assert.Single(Directory.GetDirectories(opt, "kiln-*")) + "/bin";
        var env = Env(home, $"{kilnBin}:{Corpus.GoBin}:{SystemBinWithoutDotnet(temp)}");
        Assert.NotEqual(0, (await RunAsync(home, env, "/bin/sh", "-c", "command -v dotnet")).ExitCode);   // Given: no .NET
        var work = temp.Combine("hello");
        Corpus.CopyTree(RepoPaths.Combine("examples", "hello"), work);

        var version = await RunOkAsync(work, env, "kiln", "version");                                     // When
        var build = await RunOkAsync(work, env, "kiln", "build", "--allow-download", "./...");

        Assert.Contains($"go version: {await GoVersionAsync()}\n", version, StringComparison.Ordinal);     // Then
        var kilnHello = Path.Combine(work, build.Trim().Split('\n').Single(l => l.EndsWith("hello", StringComparison.Ordinal)));
        var goHello = temp.Combine("go-hello");
        await RunOkAsync(work, env, Path.Combine(Corpus.GoBin, "go"), "build", "-o", goHello, ".");
        Assert.Equal(await RunOkAsync(work, env, goHello, "Go"), await RunOkAsync(work, env, kilnHello, "Go"));
        Assert.True(Directory.Exists(Path.Combine(home, ".cache", "kiln", "cas")), "the store is ~/.cache/kiln by default");
    }

    [Fact]
    public async Task ToolPackage_DotnetToolInstallIntoToolPath_RunsKilnVersion()
    {
        using var temp = new TempDirectory("kiln-tool");
        var home = Directory.CreateDirectory(temp.Combine("home")).FullName;
        // Given: a clean HOME whose only package source is the one named on the command line (no network).
        temp.Write("home/.nuget/NuGet/NuGet.Config",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n");
        var tools = temp.Combine("tools");
        var env = Env(home, "/usr/bin:/bin");

        await RunOkAsync(home, env, "dotnet", "tool", "install", "--tool-path", tools, "kiln", "--add-source", packages.PackageDir);   // When
        var version = await RunOkAsync(home, Env(home, $"{Corpus.GoBin}:/usr/bin:/bin"), Path.Combine(tools, "kiln"), "version");

        var lines = version.Split('\n', StringSplitOptions.RemoveEmptyEntries);                          // Then
        Assert.Matches(@"^kiln \d+\.\d+\.\d+", lines[0]);
        Assert.Matches("^commit: [0-9a-f]{40}$", lines[1]);
        Assert.Equal($"go: {Corpus.GoBin}/go", lines[2]);
        Assert.Equal($"go version: {await GoVersionAsync()}", lines[3]);
    }

    /// Only what a fresh login has: HOME and PATH (plus DOTNET_* so `dotnet` prints no first-run banner).
    private static Dictionary<string, string> Env(string home, string path) => new()
    {
        ["HOME"] = home,
        ["PATH"] = path,
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    /// /usr/bin as symlinks, without `dotnet` (Debian's /bin is /usr/bin, so PATH cannot simply leave it out).
    private static string SystemBinWithoutDotnet(TempDirectory temp)
    {
        var dir = Directory.CreateDirectory(temp.Combine("sysbin")).FullName;
        foreach (var file in Directory.EnumerateFileSystemEntries("/usr/bin"))
        {
            var name = Path.GetFileName(file);
            if (!name.StartsWith("dotnet", StringComparison.Ordinal)) File.CreateSymbolicLink(Path.Combine(dir, name), file);
        }
        return dir;
    }

    private static async Task<string> GoVersionAsync() =>
        (await RunOkAsync("/", Env("/nonexistent", "/usr/bin:/bin"), Path.Combine(Corpus.GoBin, "go"), "version")).TrimEnd();

    private static async Task<string> RunOkAsync(string workDir, Dictionary<string, string> env, string program, params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunAsync(workDir, env, program, args);
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', args)}: exit {exitCode}\n{stdout}\n{stderr}");
        return stdout;
    }

    /// Runs a program with exactly `env` (nothing inherited); a bare program name is looked up on env's PATH.
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workDir, Dictionary<string, string> env,
        string program, params string[] args)
    {
        if (!program.Contains('/'))
            program = env["PATH"].Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists) ?? program;
        var psi = new ProcessStartInfo(program, args) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment.Clear();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var ct = TestContext.Current.CancellationToken;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await stdout, await stderr);
    }
}
