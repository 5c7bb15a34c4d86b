using CsCheck;
using Kiln.Engine;

namespace Kiln.Go.Tests.Rules;

/// The trace value encoding (varints, strings written once then referenced) round-trips whatever is written,
/// and a damaged encoding fails only with InvalidDataException (the database is then discarded).
public class TraceEncodingPropertyTests
{
    // An item: 0 int, 1 string (from a small pool, so repeats and back-references are common), 2 null string, 3 bool.
    private static readonly Gen<(int Kind, long Int, string Text, bool Flag)[]> Items =
        Gen.Select(Gen.Int[0, 3], Gen.OneOf(Gen.Long, Gen.Long[-300, 300], Gen.OneOf<long>(long.MinValue, long.MaxValue, -1, -2, 0)),
            Gen.OneOf<string>("", "a", "example.com/x", "fmt", "é/ü", "internal/core"), Gen.Bool).Array[0, 40];

    private static byte[] Write((int Kind, long Int, string Text, bool Flag)[] items)
    {
        var w = new TraceWriter();
        foreach (var (kind, i, text, flag) in items)
        {
            if (kind == 0) w.Int(i);
            else if (kind == 1) w.String(text);
            else if (kind == 2) w.String(null);
            else w.Bool(flag);
        }
        return w.ToArray();
    }

    private static void Read(TraceReader r, (int Kind, long Int, string Text, bool Flag)[] items, bool check)
    {
        foreach (var (kind, i, text, flag) in items)
        {
            if (kind == 0) { var v = r.Int(); if (check) Assert.Equal(i, v); }
            else if (kind == 1) { var v = r.NullableString(); if (check) Assert.Equal(text, v); }
            else if (kind == 2) { var v = r.NullableString(); if (check) Assert.Null(v); }
            else { var v = r.Bool(); if (check) Assert.Equal(flag, v); }
        }
    }

    [Fact]
    public void Encoding_RoundTrips()
    {
        Items.Sample(items =>
        {
            var r = new TraceReader(Write(items));
            Read(r, items, check: true);
            Assert.True(r.AtEnd);
        });
    }

    [Fact]
    public void DamagedEncoding_FailsOnlyWithInvalidData()
    {
        Gen.Select(Items, Gen.Int[0, 1000], Gen.Byte).Sample((items, at, value) =>
        {
            var bytes = Write(items);
            if (bytes.Length == 0) return;
            var damaged = (byte[])bytes.Clone();
            damaged[at % damaged.Length] = value;
            foreach (var data in new[] { damaged, bytes[..(at % bytes.Length)] })
            {
                try { Read(new TraceReader(data), items, check: false); }
                catch (InvalidDataException) { }
            }
        });
    }

    [Fact]
    public void RepeatedStrings_AreWrittenOnce()
    {
        var w = new TraceWriter();
        for (var i = 0; i < 100; i++) w.String("github.com/some/long/import/path");
        Assert.True(w.ToArray().Length < 32 + 100 * 2, $"{w.ToArray().Length} bytes");
    }
}
