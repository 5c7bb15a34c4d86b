using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Go.Test;

namespace Kiln.Cli.Commands;

/// Where `kiln test -c` and `-o` write each package's test binary, as go test decides it (test.go, runTest and
/// builderTest): `NAME.test` in the current directory, in -o when it is a directory (ends in / or exists), -o
/// itself for one package, nowhere for /dev/null. Several packages need a directory and distinct names.
internal static class TestBinaryTargets
{
    private const string Null = "/dev/null";

    /// Each matched package's target path (null: not written).
    public static IReadOnlyDictionary<string, string?> For(IReadOnlyList<GoPackage> matched, string? output, string cwd)
    {
        var isDir = output is not null && (output.EndsWith('/') || Directory.Exists(Path.Combine(cwd, output)));
        if (matched.Count > 1 && output != Null)
        {
            if (output is not null && !isDir) throw TestErrors.OutputNotADirectory(output);
            var clash = matched.GroupBy(p => Name(p)).FirstOrDefault(g => g.Count() > 1);
            if (clash is not null) throw TestErrors.SameTestBinaryName(clash.Key, clash.Select(p => p.ImportPath));
        }
        return matched.ToDictionary(p => p.ImportPath, p => output switch
        {
            Null => null,
            null => Path.Combine(cwd, Name(p)),
            _ when isDir => Path.Combine(cwd, output, Name(p)),
            _ => Path.Combine(cwd, output),
        }, StringComparer.Ordinal);
    }

    private static string Name(GoPackage p) => GoBuilder.BinaryName(p.ImportPath) + ".test";
}
