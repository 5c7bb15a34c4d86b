using System.CommandLine;
using System.Text;
using Kiln.Cli.Rendering;
using Kiln.Core;
using Kiln.Exec;

namespace Kiln.Cli.Commands;

/// `kiln debug exec --input DIR [--output PATH]... -- PROGRAM ARGS...`: runs one process as a cached,
/// sandboxed action on a snapshot of DIR and writes its declared outputs under --out-dir.
internal static class ExecCommand
{
    public static Command Create(KilnApp app)
    {
        var input = new Option<string>("--input") { Description = "directory whose snapshot is the action's input root", Required = true };
        var outputs = new Option<string[]>("--output") { Description = "an output file the action writes (relative to the sandbox root); repeatable", AllowMultipleArgumentsPerToken = false };
        var outputDirs = new Option<string[]>("--output-dir") { Description = "an output directory the action writes; repeatable" };
        var outDir = new Option<string>("--out-dir") { Description = "where to write the outputs", DefaultValueFactory = _ => "dist" };
        var toolDirs = new Option<string[]>("--tool-dir") { Description = "host directory visible read-only in --strict mode (e.g. a Go SDK); repeatable" };
        var env = new Option<string[]>("--env") { Description = "NAME=VALUE for the action (nothing else is inherited); NAME alone passes the current value; `{sandbox}` in a value is the sandbox path" };
        var workdir = new Option<string>("--workdir") { Description = "working directory relative to the input root", DefaultValueFactory = _ => "" };
        var timeout = new Option<double?>("--timeout") { Description = "seconds before the whole process tree is killed" };
        var strict = new Option<bool>("--strict") { Description = "run under bubblewrap: no network, only the sandbox and --tool-dir visible" };
        var force = new Option<bool>("--force") { Description = "run even if the action cache has a result, and do not cache it" };
        var keep = new Option<bool>("--keep-sandbox") { Description = "leave the sandbox directory in place after the run" };
        var argv = new Argument<string[]>("command") { Description = "program and arguments (after --)", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("exec", "run one process as a cached, sandboxed action on a snapshot of a directory")
        {
            input, outputs, outputDirs, outDir, toolDirs, env, workdir, timeout, strict, force, keep, argv,
        };
        cmd.SetAction(app.Body("debug exec", async (parsed, inv, ct) =>
        {
            var root = inv.Store.Snapshot(inv.ResolvePath(parsed.GetValue(input)!));
            var command = parsed.GetValue(argv)!;
            var request = new ProcessRequest(
                command,
                new EquatableMap<string>(ParseEnv(parsed.GetValue(env) ?? [], inv.Host)),
                root,
                parsed.GetValue(outputs) ?? [],
                parsed.GetValue(outputDirs) ?? [],
                string.Join(' ', command))
            {
                WorkingDirectory = parsed.GetValue(workdir) ?? "",
                Timeout = parsed.GetValue(timeout) is { } secs ? TimeSpan.FromSeconds(secs) : null,
                CachePolicy = parsed.GetValue(force) ? CachePolicy.NoCache : CachePolicy.Cache,
                ToolDirectories = (parsed.GetValue(toolDirs) ?? []).Select(inv.ResolvePath).ToArray(),
            };
            var executor = inv.Executor(parsed.GetValue(strict) ? SandboxMode.Strict : SandboxMode.Directory, parsed.GetValue(keep));
            var result = await executor.ExecuteAsync(request, ct);
            await inv.Out.WriteAsync(Encoding.UTF8.GetString(executor.ReadStdout(result)));
            await inv.Err.WriteAsync(Encoding.UTF8.GetString(executor.ReadStderr(result)));
            inv.Err.WriteLine($"kiln: action {result.Key.Digest.Hash[..12]} {Describe(result.Outcome)}, exit code {result.ExitCode}");
            if (!result.Succeeded)
            {
                ErrorRenderer.Write(inv.Err, CliErrors.ActionFailed(request.Description, result.ExitCode, result.TimedOut));
                return ExitCodes.ActionFailed;
            }
            executor.MaterializeOutputs(request, result, inv.ResolvePath(parsed.GetValue(outDir)!));
            return ExitCodes.Success;
        }));
        return cmd;
    }

    private static string Describe(ActionOutcome outcome) => outcome switch
    {
        ActionOutcome.LocalCacheHit => "was a local cache hit (nothing ran)",
        ActionOutcome.RemoteCacheHit => "was a remote cache hit (nothing ran)",
        _ => "executed in a sandbox",
    };

    private static IEnumerable<KeyValuePair<string, string>> ParseEnv(string[] assignments, HostEnvironment host)
    {
        foreach (var a in assignments)
        {
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq == 0) throw CliErrors.BadEnv(a);
            if (eq < 0) yield return new(a, host.Get(a) ?? "");
            else yield return new(a[..eq], a[(eq + 1)..]);
        }
    }
}
