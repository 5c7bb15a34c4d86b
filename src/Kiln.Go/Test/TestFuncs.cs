namespace Kiln.Go.Test;

/// What the go command's `loadTestFuncs` finds in a package's test files (cmd/go/internal/load/test.go):
/// tests, benchmarks, fuzz targets, examples with output, an optional TestMain, and which of the two test
/// packages the generated main must import by name (`NeedTest`, `NeedXtest`) or only for side effects.
public sealed class TestFuncs
{
    public List<TestFunc> Tests { get; } = [];
    public List<TestFunc> Benchmarks { get; } = [];
    public List<TestFunc> FuzzTargets { get; } = [];
    public List<TestFunc> Examples { get; } = [];
    public TestFunc? TestMain { get; set; }
    public bool NeedTest { get; set; }
    public bool NeedXtest { get; set; }
}
