namespace Kiln.Go.Rules;

/// What go vet printed for a package: its findings with `# pkg` headers (or why it could not be vetted); empty: none.
public sealed record VetReport(string ImportPath, string Findings)
{
    public bool Clean => Findings.Length == 0;
}
