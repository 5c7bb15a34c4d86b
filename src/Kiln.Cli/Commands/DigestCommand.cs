using System.CommandLine;
using Kiln.Store;

namespace Kiln.Cli.Commands;

/// `kiln debug digest PATH`: the blob digest of a file, or the REAPI Merkle root digest of a directory.
internal static class DigestCommand
{
    public static Command Create(KilnApp app)
    {
        var path = new Argument<string[]>("path") { Description = "files or directories", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("digest", "print hash/size: a file's blob digest, or a directory's REAPI Merkle root digest") { path };
        cmd.SetAction(app.Body("debug digest", (parsed, inv, ct) =>
        {
            var paths = parsed.GetValue(path)!;
            foreach (var p in paths)
            {
                var digest = MerkleDigest.OfPath(inv.ResolvePath(p));
                inv.Out.WriteLine(paths.Length == 1 ? digest.ToString() : $"{digest}  {p}");
            }
            return Task.FromResult(ExitCodes.Success);
        }));
        return cmd;
    }
}
