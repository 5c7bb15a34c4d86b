using System.Diagnostics;
using System.Text.Json;

namespace Kiln.E2E.Tests;

/// Runs the real `kiln` CLI as a child process: kiln.dll from the build, or the executable $KILN_E2E_KILN names
/// (`KILN_E2E_KILN=$PWD/artifacts/kiln/kiln` runs these tests against the NativeAOT binary eng/publish.sh writes).
internal sealed class KilnProcess(string storeRoot, IReadOnlyDictionary<string, string>? extraEnv = null)
{
    private static readonly string KilnDll = Path.Combine(AppContext.BaseDirectory, "kiln.dll");
    private static readonly string? KilnExe = Environment.GetEnvironmentVariable("KILN_E2E_KILN") is { Length: > 0 } exe ? Path.GetFullPath(exe) : null;

    public Task<KilnRun> RunAsync(string workDir, params string[] args) => RunWithInputAsync(workDir, null, args);

    /// Runs kiln with `stdin` as its standard input (null: inherited).
    public async Task<KilnRun> RunWithInputAsync(string workDir, string? stdin, params string[] args)
    {
        var summary = Path.Combine(Path.GetTempPath(), $"kiln-summary-{Guid.NewGuid():N}.json");
        // Before a `--`, if any: everything after it is the action's command line.
        var split = Array.IndexOf(args, "--") is var i and >= 0 ? i : args.Length;
        string[] argv = [.. args[..split], "--summary-json", summary, .. args[split..]];
        var psi = StartInfo(workDir, argv);
        psi.RedirectStandardInput = stdin is not null;
        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        JsonElement? json = null;
        if (File.Exists(summary))
        {
            json = JsonDocument.Parse(File.ReadAllText(summary)).RootElement.Clone();
            File.Delete(summary);
        }
        return new KilnRun(p.ExitCode, await stdout, await stderr, json);
    }

    /// Runs kiln and gives each line of its stdout to `onLine` as it is written.
    public async Task<KilnRun> WatchAsync(string workDir, Action<string> onLine, params string[] args)
    {
        var (exit, stdout, stderr) = await ChildProcess.TryRunAsync(StartInfo(workDir, args), new Dictionary<string, string>(), onLine);
        return new KilnRun(exit, stdout, stderr, null);
    }

    /// Writes an executable script that runs `kiln packages-driver` on this store, as an editor's GOPACKAGESDRIVER
    /// does, and appends each invocation's arguments to `log`.
    public string WriteDriverScript(string path, string log)
    {
        var command = KilnExe is null ? $"dotnet '{KilnDll}'" : $"'{KilnExe}'";
        var env = string.Concat((extraEnv ?? new Dictionary<string, string>()).Select(kv => $"export {kv.Key}='{kv.Value}'\n"));
        File.WriteAllText(path, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\nexport KILN_HOME='{storeRoot}'\n{env}exec {command} packages-driver -- \"$@\"\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    /// The kiln executable these tests run: $KILN_E2E_KILN, else the apphost next to kiln.dll.
    public static string Executable => KilnExe ?? Path.Combine(AppContext.BaseDirectory, "kiln");

    /// Starts kiln and, unless it exits first, kills it with SIGKILL after `delay`: kiln alone, as kill -9 does,
    /// so the compilers it started run on as orphans. Whether it was killed, and how long it ran.
    public async Task<(bool Killed, TimeSpan Ran)> RunAndKillAsync(string workDir, TimeSpan delay, params string[] args)
    {
        var started = Stopwatch.StartNew();
        using var p = Process.Start(StartInfo(workDir, args))!;
        var output = Task.WhenAll(p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync());
        var exited = p.WaitForExitAsync(TestContext.Current.CancellationToken);
        var killed = await Task.WhenAny(exited, Task.Delay(delay, TestContext.Current.CancellationToken)) != exited;
        if (killed)
        {
            try { p.Kill(entireProcessTree: false); }
            catch (InvalidOperationException) { killed = false; } // it exited meanwhile
        }
        await exited;
        var ran = started.Elapsed;
        await output;
        return (killed, ran);
    }

    private ProcessStartInfo StartInfo(string workDir, string[] argv)
    {
        var psi = new ProcessStartInfo(KilnExe ?? "dotnet", KilnExe is null ? [KilnDll, .. argv] : argv)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["KILN_HOME"] = storeRoot;
        psi.Environment["PATH"] = $"{Corpus.GoBin}:/usr/bin:/bin";
        psi.Environment["GOSUMDB"] = "off";
        psi.Environment.Remove("GOPROXY");
        psi.Environment.Remove("GOFLAGS");
        foreach (var (k, v) in extraEnv ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return psi;
    }
}

internal sealed record KilnRun(int ExitCode, string Stdout, string Stderr, JsonElement? Summary)
{
    public long Modules(string field) => Summary!.Value.GetProperty("modules").GetProperty(field).GetInt64();
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
