using System.Text;
using Kiln.Core;

namespace Kiln.Go.Modules;

/// A parsed go.mod (golang.org/x/mod/modfile semantics). Versions are canonical; every directive keeps its line.
public sealed record GoModFile(
    string FileName,
    string? ModulePath,
    string? Deprecated,
    string? Go,
    string? Toolchain,
    EquatableArray<GoModGodebug> Godebug,
    EquatableArray<GoModRequire> Require,
    EquatableArray<GoModExclude> Exclude,
    EquatableArray<GoModReplace> Replace,
    EquatableArray<GoModRetract> Retract)
{
    /// Parses a main module's go.mod strictly: every directive checked, a module line required; throws a user KilnException.
    public static GoModFile Parse(string fileName, string text)
    {
        var file = GoModReader.Read(fileName, text, strict: true);
        return file.ModulePath is null ? throw GoModuleErrors.MissingModuleLine(fileName) : file;
    }

    /// Parse over UTF-8 bytes.
    public static GoModFile Parse(string fileName, ReadOnlySpan<byte> data) => Parse(fileName, Encoding.UTF8.GetString(data));

    /// Parses a dependency's go.mod as the go command does (modfile.ParseLax): only module, go, require and retract are read.
    public static GoModFile ParseLax(string fileName, string text) => GoModReader.Read(fileName, text, strict: false);

    /// ParseLax over UTF-8 bytes.
    public static GoModFile ParseLax(string fileName, ReadOnlySpan<byte> data) => ParseLax(fileName, Encoding.UTF8.GetString(data));
}
