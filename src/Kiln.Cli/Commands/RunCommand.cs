using System.CommandLine;
using Kiln.Exec;
using Kiln.Go.Build;

namespace Kiln.Cli.Commands;

/// `kiln run PKG [-- args]`: builds one main package as `kiln build` does, then runs the binary with the
/// caller's stdin/stdout/stderr and returns its exit code, as go run does.
internal static class RunCommand
{
    public static Command Create(KilnApp app)
    {
        var package = new Argument<string>("package") { Description = "the main package to run: ./cmd/x, an import path (default: .)", Arity = ArgumentArity.ZeroOrOne };
        var args = new Argument<string[]>("args") { Description = "arguments for the program (after --)", Arity = ArgumentArity.ZeroOrMore };
        var ldflags = new Option<string[]>("--ldflags", "-ldflags")
        {
            Description = "linker flags, as go build takes them: '[pattern=]flags' (-s -w -X importpath.name=value -extldflags ...), repeatable, the last match wins (default: the packages named; GOFLAGS' first)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var go = new GoOptions();
        var cmd = new Command("run", "build a main package and run it, as go run does") { package, args, ldflags };
        go.AddTo(cmd, toolFlags: true);
        cmd.SetAction(app.Body("run", async (parsed, inv, ct) =>
        {
            var session = await GoSession.OpenAsync(parsed, go, inv, defaultCgo: null, ct);
            var pattern = parsed.GetValue(package) ?? ".";
            var binaries = await BuildCommand.BuildAsync(session, inv, [pattern], LinkFlags.From(parsed.GetValue(ldflags), GoFlagsVariable.From(inv.Host.Variables)), ct);
            if (binaries.Count != 1) throw BuildErrors.NotAMainPackage(pattern);
            var dir = Path.Combine(Path.GetTempPath(), "kiln-run-" + Guid.NewGuid().ToString("N"));
            var path = Path.Combine(dir, binaries[0].FileName);
            try
            {
                BuildCommand.WriteBinary(inv, binaries[0], path);
                await inv.EndProgressAsync();    // the program gets the terminal to itself
                inv.ReleaseStore();              // and may run for days: gc need not wait for it
                return await InteractiveProcess.RunAsync(path, parsed.GetValue(args) ?? [], inv.Host.CurrentDirectory, ct);
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
        }));
        return cmd;
    }
}
