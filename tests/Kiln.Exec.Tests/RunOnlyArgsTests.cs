using Kiln.Core;

namespace Kiln.Exec.Tests;

public class RunOnlyArgsTests
{
    [Fact]
    public async Task ExecuteAsync_RunOnlyArgs_ReachTheProcessButNotTheKey()
    {
        // Given a script that prints its arguments, once plain and once with run-only arguments
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var plain = ExecFixture.Shell("echo \"$@\" > out.txt", f.InputRoot(), ["out.txt"]) with
        {
            Argv = new EquatableArray<string>(["/bin/sh", "-c", "echo \"$@\" > out.txt", "sh", "last"]),
        };
        var withFlags = plain with { RunOnlyArgs = new EquatableArray<string>(["-c=4"]), RunOnlyArgsAt = 4 };

        // When the one with run-only arguments runs
        var result = await f.Runner().RunAsync(withFlags, ct);

        // Then the process saw them where they were placed, and the key is the plain request's
        Assert.Equal("-c=4 last\n", System.Text.Encoding.UTF8.GetString(f.Store.TryReadBytes(Store.LocalStore.FromProto(result.OutputFile("out.txt")!.Digest))!));
        Assert.Equal(plain.Key(), withFlags.Key());
        Assert.Equal(plain.Key(), result.Key);
    }

    [Fact]
    public void Validate_RunOnlyArgsOutsideArgv_IsAnInternalError()
    {
        var request = ExecFixture.Shell("true", default) with { RunOnlyArgs = new EquatableArray<string>(["-x"]), RunOnlyArgsAt = 4 };

        var e = Assert.Throws<KilnException>(request.Validate);

        Assert.Equal(ErrorKind.Internal, e.Kind);
    }
}
