namespace Kiln.Go.Packages;

/// A package error as `go list -e -json` reports it.
public sealed class GoListError
{
    public string? Pos { get; set; }
    public string Err { get; set; } = "";
}
