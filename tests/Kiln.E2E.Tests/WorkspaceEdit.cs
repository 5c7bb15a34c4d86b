namespace Kiln.E2E.Tests;

/// The kinds of change a developer makes between two builds (see EditableWorkspace.ApplyAsync).
public enum EditKind
{
    BodyEdit,
    ApiEdit,
    AddFile,
    RemoveFile,
    AddImport,
    RemoveImport,
    BuildTagFlip,
    Touch,
    Revert,
    GoVersion,
    Checkout,
}

/// One edit: its kind and a number that picks its target and new content, so every edit applies to any state
/// (an edit with nothing to act on changes nothing) and a shrunk sequence still means something.
public readonly record struct WorkspaceEdit(EditKind Kind, int Choice)
{
    public override string ToString() => $"{Kind}({Choice})";
}
