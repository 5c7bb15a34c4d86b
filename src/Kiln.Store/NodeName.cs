namespace Kiln.Store;

/// Checks that a tree entry name is exactly one safe path segment.
internal static class NodeName
{
    public static bool IsSafe(string name) =>
        name.Length > 0 && name != "." && name != ".." && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);
}
