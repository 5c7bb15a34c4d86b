using Google.Protobuf;
using Kiln.Core;
using Kiln.Store;
using Kiln.Store.Reapi;
using Action = Kiln.Store.Reapi.Action;

namespace Kiln.Exec;

/// An immutable request to run a process on an input root. Its key is the digest of the REAPI Action it
/// maps to, so any REAPI cache or executor computes the same key.
public sealed record ProcessRequest(
    EquatableArray<string> Argv,
    EquatableMap<string> Env,
    Core.Digest InputRoot,
    EquatableArray<string> OutputFiles,
    EquatableArray<string> OutputDirectories,
    string Description)
{
    /// Relative to the input root; empty means the root.
    public string WorkingDirectory { get; init; } = "";
    public TimeSpan? Timeout { get; init; }
    public CachePolicy CachePolicy { get; init; } = CachePolicy.Cache;
    /// Host directories made visible read-only in strict mode (e.g. a Go SDK). Not part of the key.
    public EquatableArray<string> ToolDirectories { get; init; } = EquatableArray<string>.Empty;

    /// Which waiting action gets a free job slot first (higher first; see JobLimiter). Not part of the key.
    public int Priority { get; init; }

    /// A host directory shown around the input root (a test's module). Not part of the key.
    public HostView? View { get; init; }

    /// Arguments inserted into argv at index RunOnlyArgsAt when the process runs, never part of the key (nor of the
    /// REAPI Command): only for flags that cannot change an output, such as a compiler's own parallelism.
    public EquatableArray<string> RunOnlyArgs { get; init; } = EquatableArray<string>.Empty;
    public int RunOnlyArgsAt { get; init; } = 1;

    /// The argv a local run executes: Argv with RunOnlyArgs inserted.
    public IReadOnlyList<string> RunArgv() => RunOnlyArgs.Count == 0 ? Argv
        : [.. Argv.Take(RunOnlyArgsAt), .. RunOnlyArgs, .. Argv.Skip(RunOnlyArgsAt)];

    public const string SandboxPlaceholder = "{sandbox}";

    public Command ToCommand()
    {
        var command = new Command { WorkingDirectory = WorkingDirectory };
        command.Arguments.AddRange(Argv);
        foreach (var (name, value) in Env) // EquatableMap iterates in ordinal order, as REAPI requires
            command.EnvironmentVariables.Add(new Command.Types.EnvironmentVariable { Name = name, Value = value });
        command.OutputFiles.AddRange(OutputFiles.Distinct().Order(StringComparer.Ordinal));
        command.OutputDirectories.AddRange(OutputDirectories.Distinct().Order(StringComparer.Ordinal));
        command.OutputPaths.AddRange(OutputFiles.Concat(OutputDirectories).Distinct().Order(StringComparer.Ordinal));
        return command;
    }

    public Action ToAction(Core.Digest commandDigest)
    {
        var action = new Action
        {
            CommandDigest = LocalStore.ToProto(commandDigest),
            InputRootDigest = LocalStore.ToProto(InputRoot),
            DoNotCache = CachePolicy == CachePolicy.NoCache,
        };
        if (Timeout is { } t) action.Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(t);
        return action;
    }

    /// The REAPI Command and Action encodings and the action key, computed without any store.
    public EncodedAction Encode()
    {
        var command = ToCommand().ToByteArray();
        var action = ToAction(Core.Digest.Of(command)).ToByteArray();
        return new EncodedAction(new ActionKey(Core.Digest.Of(action)), action, command);
    }

    public ActionKey Key() => Encode().Key;

    /// Checks the request for mistakes a person could make (paths escaping the root, empty argv).
    public void Validate()
    {
        if (Argv.Count == 0) throw ExecErrors.EmptyArgv(Description);
        if (RunOnlyArgsAt < 1 || RunOnlyArgsAt > Argv.Count) throw ExecErrors.RunOnlyArgsOutside(Description, RunOnlyArgsAt, Argv.Count);
        foreach (var path in OutputFiles.Concat(OutputDirectories).Append(WorkingDirectory))
        {
            if (!RelPath.TryParse(path, out var rel, out var why) || (rel.IsRoot && path != WorkingDirectory))
                throw ExecErrors.BadOutputPath(Description, path, rel.IsRoot ? "the sandbox root itself" : why);
        }
    }
}

/// A request's REAPI encodings and key.
public sealed record EncodedAction(ActionKey Key, byte[] Action, byte[] Command);
