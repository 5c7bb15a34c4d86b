namespace Kiln.Go.Test;

/// One function the generated test main registers: `Package` is the alias it is imported under (`_test` for
/// the package's own test files, `_xtest` for the external test package); `Output` is an example's expected
/// output (`// Output:` comment), `Unordered` for `// Unordered output:`.
public sealed record TestFunc(string Package, string Name, string Output = "", bool Unordered = false);
