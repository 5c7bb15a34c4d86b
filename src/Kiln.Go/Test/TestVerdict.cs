namespace Kiln.Go.Test;

/// How a package's tests ended, as go test reports it per package.
public enum TestVerdict
{
    /// `ok  \tpkg\t0.012s` (or `(cached)`).
    Ok,
    /// `FAIL\tpkg\t0.012s`: the test binary exited non-zero or timed out.
    Fail,
    /// `FAIL\tpkg [build failed]`: the test binary could not be built.
    BuildFailed,
    /// `FAIL\tpkg [setup failed]`: the test's packages could not be loaded (an import cycle through its tests).
    SetupFailed,
    /// `?   \tpkg\t[no test files]`.
    NoTestFiles,
    /// -c: the test binary was built and not run; go test prints nothing for it.
    Compiled,
}
