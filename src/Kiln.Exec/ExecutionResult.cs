using Kiln.Core;
using Kiln.Store.Reapi;

namespace Kiln.Exec;

/// What running (or looking up) an action produced. Outputs live in the store, named by the ActionResult.
public sealed record ExecutionResult(ActionKey Key, ActionResult Result, ActionOutcome Outcome, bool TimedOut = false)
{
    public int ExitCode => Result.ExitCode;
    public bool Succeeded => !TimedOut && Result.ExitCode == 0;

    public OutputFile? OutputFile(string path) => Result.OutputFiles.FirstOrDefault(f => f.Path == path);
    public OutputDirectory? OutputDirectory(string path) => Result.OutputDirectories.FirstOrDefault(d => d.Path == path);
}
