namespace Kiln.Cli;

/// `[build]` of kiln.toml: the build configuration a workspace uses when no flag says otherwise. Null: unset.
internal sealed record BuildSettings(string? GoOs, string? GoArch, bool? Cgo, IReadOnlyList<string>? Tags)
{
    /// `race = true`: build with the race detector (as `-race`).
    public bool? Race { get; init; }

    public static readonly BuildSettings None = new(null, null, null, null);
}
