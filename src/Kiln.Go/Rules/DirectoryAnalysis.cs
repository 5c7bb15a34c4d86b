using Kiln.Engine;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// One package directory's analysis (`go list` of it): a workspace directory (`Dir`, absolute), or a directory of
/// a stored module (`Module`, its path@version; `Tree`, its stored root; `RelDir` inside it).
public sealed record DirectoryAnalysis(string Dir, string Module, Core.Digest Tree, string RelDir) : IKey<AnalysedDirectory>
{
    public bool InWorkspace => Module.Length == 0;

    public string Encode() => KeyText.Join(Dir, Module, InWorkspace ? "" : Tree.ToString(), RelDir);

    public static DirectoryAnalysis Decode(string text) => KeyText.Split(text) switch
    {
        [var dir, "", "", var rel] => new DirectoryAnalysis(dir, "", default, rel),
        [var dir, var module, var tree, var rel] when Core.Digest.TryParse(tree, out var digest) => new DirectoryAnalysis(dir, module, digest, rel),
        _ => throw new FormatException("malformed directory analysis key"),
    };

    internal static DirectoryAnalysis Of(PackageLocation l) => l.Local is not null
        ? new DirectoryAnalysis(l.DiskDir!, "", default, "")
        : new DirectoryAnalysis("", l.ThirdParty!.Source.ToString(), l.ThirdParty.Tree.Root, l.RelDir);

    public override string ToString() => InWorkspace ? Dir + "/" : RelDir.Length == 0 ? Module : $"{Module}/{RelDir}";
}
