using System.CommandLine;
using System.Diagnostics;
using Kiln.Cli.Commands;
using Kiln.Cli.Rendering;
using Kiln.Core;

namespace Kiln.Cli;

/// Builds the command tree and runs one command line: global options, error rendering, exit codes,
/// and the `--summary-json` document.
internal sealed class KilnApp(HostEnvironment host, TextWriter stdout, TextWriter stderr, TerminalInfo? terminal = null, TimeProvider? time = null)
{
    public static readonly Option<string?> SummaryJson = new("--summary-json")
    {
        Description = "write a machine-readable summary of the run to this file (see docs/summary-json.md)",
        Recursive = true,
    };
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "show every action and diagnostics", Recursive = true };
    public static readonly Option<int> Jobs = new("--jobs", "-j") { Description = "run at most this many actions at once (default: cores)", Recursive = true };

    /// On build, test and list only (Profiled adds it).
    public static readonly Option<string?> Profile = new("--profile")
    {
        Description = "write a Chrome trace-event profile of the run to this file (opens in Perfetto or chrome://tracing)",
    };

    /// Adds --profile to a command whose run is timed (with -v, its critical path is printed at the end).
    public static void Profiled(Command cmd) => cmd.Options.Add(Profile);

    public static readonly Option<string?> RemoteCache = new("--remote-cache")
    {
        Description = "remote cache URL: grpc://host:port, grpcs://..., http://host:port/prefix, https://... (overrides KILN_REMOTE_CACHE and kiln.toml)",
        Recursive = true,
    };
    public static readonly Option<bool> RemoteUpload = new("--remote-upload") { Description = "also write results to the remote cache", Recursive = true };

    /// The assembly's informational version, `0.1.0+COMMIT` when built from a git checkout, else `0.1.0`.
    private static string InformationalVersion { get; } =
        typeof(KilnApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    /// Kiln's version, without the commit.
    public static string Version { get; } = InformationalVersion.Split('+')[0];

    /// The commit Kiln was built from (SourceLink's SourceRevisionId), or null when it was built outside git.
    public static string? Commit { get; } = InformationalVersion.Split('+') is [_, { Length: > 0 } commit] ? commit : null;

    /// Standard input (the request of `kiln packages-driver`).
    public Func<Stream> StandardInput { get; init; } = Console.OpenStandardInput;

    /// `kiln test`: the arguments after `-args`, for the test binaries.
    public IReadOnlyList<string> TestBinaryArgs { get; private set; } = [];

    /// `kiln vet`: the vet tool's flags (`-printf=false`), forwarded to vet as given.
    public IReadOnlyList<string> VetFlags { get; private set; } = [];

    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        (args, var binaryArgs) = TestCommand.SplitArgs(args);
        TestBinaryArgs = binaryArgs;
        (args, var vetFlags) = VetCommand.SplitArgs(args);
        VetFlags = vetFlags;
        if (host.DebugHash) KeyHasher.DebugEcho = stderr;
        var root = CreateRootCommand();
        if (args is ["--version"])
        {
            stdout.WriteLine(Version);
            return ExitCodes.Success;
        }
        // No POSIX bundling: as go's flag package, `-gcflags "-o x"` is a value, not `-o` bundled with ` x`.
        var parsed = root.Parse(args, new ParserConfiguration { EnablePosixBundling = false });
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) stderr.WriteLine($"error: {error.Message}");
            stderr.WriteLine("hint: run `kiln --help` (or `kiln COMMAND --help`) for usage");
            return ExitCodes.UserError;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, ct);
    }

    /// The command tree: every command, its arguments and options (docs/commands.md is rendered from it).
    public RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Kiln: hermetic, content-addressed, incremental builds for Go repositories");
        root.Options.Add(SummaryJson);
        root.Options.Add(Verbose);
        root.Options.Add(Jobs);
        root.Options.Add(RemoteCache);
        root.Options.Add(RemoteUpload);
        root.Subcommands.Add(DebugCommands.Create(this));
        root.Subcommands.Add(ModCommands.Create(this));
        root.Subcommands.Add(ListCommand.Create(this));
        root.Subcommands.Add(PackagesDriverCommand.Create(this));
        root.Subcommands.Add(BuildCommand.Create(this));
        root.Subcommands.Add(DepsCommand.Create(this));
        root.Subcommands.Add(DependentsCommand.Create(this));
        root.Subcommands.Add(RunCommand.Create(this));
        root.Subcommands.Add(TestCommand.Create(this));
        root.Subcommands.Add(VetCommand.Create(this));
        root.Subcommands.Add(GcCommand.Create(this));
        root.Subcommands.Add(CleanCommand.Create(this));
        root.Subcommands.Add(WhyCommand.Create(this));
        root.Subcommands.Add(VersionCommand.Create(this));
        var builtInVersion = root.Options.OfType<VersionOption>().FirstOrDefault();
        if (builtInVersion is not null) root.Options.Remove(builtInVersion); // it reports the host assembly's version
        return root;
    }

    /// Writes the profile (an unwritable path is an error of its own, after the command's) and, with -v, prints the
    /// critical path.
    private int ReportProfile(Invocation inv, Core.Profiling.ProfileRecorder profile, string? path, string name, bool verbose, TimeSpan wall, int code)
    {
        if (verbose)
        {
            foreach (var line in ProfileJson.CriticalPathLines(profile, wall)) stderr.WriteLine(line);
        }
        if (path is null) return code;
        var full = inv.ResolvePath(path);
        try
        {
            AtomicFile.Write(full, ProfileJson.Serialize(profile, name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return code;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ErrorRenderer.Write(stderr, CliErrors.CannotWriteProfile(path, e.Message));
            return code == ExitCodes.Success ? ExitCodes.For(ErrorKind.User) : code;
        }
    }

    /// Wraps a command body: builds the Invocation, renders failures, writes the summary.
    public Func<ParseResult, CancellationToken, Task<int>> Body(string name, Func<ParseResult, Invocation, CancellationToken, Task<int>> body) =>
        async (parsed, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var verbose = parsed.GetValue(Verbose);
            var profiled = parsed.CommandResult.Command.Options.Contains(Profile);
            var profilePath = profiled ? parsed.GetValue(Profile) : null;
            await using var output = new ProgressOutput(stdout, stderr, terminal ?? TerminalInfo.None, verbose, time ?? TimeProvider.System);
            using var inv = new Invocation(host, output, verbose, parsed.GetValue(Jobs))
            {
                RemoteCacheFlag = parsed.GetValue(RemoteCache),
                RemoteUploadFlag = parsed.GetValue(RemoteUpload),
                Profile = profiled && (verbose || profilePath is not null) ? new Core.Profiling.ProfileRecorder(time ?? TimeProvider.System) : null,
            };
            int code;
            try
            {
                try
                {
                    code = await body(parsed, inv, ct);
                }
                finally
                {
                    await output.StopAsync();    // the live view is gone before any error report below
                    Store.SandboxDeletions.WaitAll();
                }
            }
            catch (KilnException e)
            {
                ErrorRenderer.Write(stderr, e);
                code = ExitCodes.For(e.Kind);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                stderr.WriteLine("error: interrupted");
                code = 130;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: {e.Message}");
                stderr.WriteLine("hint: check permissions and free disk space");
                code = ExitCodes.EnvironmentError;
            }
            catch (Exception e)
            {
                ErrorRenderer.WriteInternal(stderr, e, verbose);
                code = ExitCodes.InternalError;
            }
            if (inv.Profile is { } profile) code = ReportProfile(inv, profile, profilePath, name, verbose, Stopwatch.GetElapsedTime(started), code);
            if (parsed.GetValue(SummaryJson) is { } path)
                RunSummary.Write(inv.ResolvePath(path), name, code, Stopwatch.GetElapsedTime(started), inv.Stats);
            return code;
        };
}
