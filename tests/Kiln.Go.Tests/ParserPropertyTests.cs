using CsCheck;
using Kiln.Core;
using Kiln.Go.Modules;

namespace Kiln.Go.Tests;

/// The parsers fail only with KilnException, whatever they are given.
public class ParserPropertyTests
{
    private static readonly string RealGoMod = File.ReadAllText(Path.Combine(CorpusPaths.Workspaces, "large", "go.mod"));
    private static readonly string RealGoSum = File.ReadAllText(Path.Combine(CorpusPaths.Workspaces, "small", "go.sum"));

    private static readonly Gen<char> Interesting = Gen.OneOf<char>(
        '(', ')', '[', ']', ',', '"', '`', '\\', '/', '*', '\n', '\r', '\t', ' ', '=', '>', 'v', '.', '0', '1', '+', '-', '\0', '\u00a0', '\ud83d', '\ude00', 'é');

    private static readonly Gen<string> Mutations = Gen.Select(Gen.Int[0, 20].SelectMany(n =>
        Gen.Select(Gen.Int[0, RealGoMod.Length], Gen.Int[0, 3], Interesting).Array[n]), ops =>
    {
        var text = RealGoMod.ToCharArray().ToList();
        foreach (var (at, op, c) in ops)
        {
            var i = Math.Min(at, text.Count - 1);
            switch (op)
            {
                case 0: text.Insert(i, c); break;
                case 1: if (text.Count > 1) text.RemoveAt(i); break;
                default: text[i] = c; break;
            }
        }
        return new string([.. text]);
    });

    private static readonly Gen<string> Fragments = Gen.OneOf<string>(
        "module ", "go ", "require ", "replace ", "exclude ", "retract ", "godebug ", "toolchain ", "(", ")", "\n", " => ", "[", "]", ",",
        "example.com/a", "v1.0.0", "v2.0.0+incompatible", "./x", "\"q\"", "`b`", "// indirect", "//", "/*", "1.21", "a=b", "\\").Array[0, 40]
        .Select(parts => string.Concat(parts));

    private static void OnlyKilnException(Action parse)
    {
        try { parse(); }
        catch (KilnException e) { Assert.Equal(ErrorKind.User, e.Kind); }
    }

    [Fact]
    public void Parse_MutatedRealGoMod_ThrowsOnlyKilnException() =>
        Mutations.Sample(text =>
        {
            OnlyKilnException(() => GoModFile.Parse("go.mod", text));
            OnlyKilnException(() => GoModFile.ParseLax("go.mod", text));
        }, iter: 2000);

    [Fact]
    public void Parse_RandomDirectiveSoup_ThrowsOnlyKilnException() =>
        Fragments.Sample(text =>
        {
            OnlyKilnException(() => GoModFile.Parse("go.mod", text));
            OnlyKilnException(() => GoModFile.ParseLax("go.mod", text));
        }, iter: 5000);

    [Fact]
    public void Parse_RandomStringsAndBytes_ThrowOnlyKilnException()
    {
        Gen.String.Sample(text =>
        {
            OnlyKilnException(() => GoModFile.Parse("go.mod", text));
            OnlyKilnException(() => GoSumFile.Parse("go.sum", text));
        });
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            OnlyKilnException(() => GoModFile.ParseLax("go.mod", bytes));
            OnlyKilnException(() => GoSumFile.Parse("go.sum", bytes));
        });
    }

    [Fact]
    public void Parse_MutatedRealGoSum_ThrowsOnlyKilnException() =>
        Gen.Select(Gen.Int[0, RealGoSum.Length - 1], Interesting).Array[0, 10].Sample(edits =>
        {
            var text = RealGoSum.ToCharArray();
            foreach (var (at, c) in edits) text[at] = c;
            OnlyKilnException(() => GoSumFile.Parse("go.sum", new string(text)));
        });
}
