using Kiln.Core;
using Kiln.Store.Reapi;

namespace Kiln.Store.Tests;

public class ActionCacheTests
{
    private static ActionKey Key(string s) => new(Core.Digest.Of(System.Text.Encoding.UTF8.GetBytes(s)));

    private static ActionResult ResultWithOutput(LocalStore store, string content, out Core.Digest output)
    {
        output = store.PutBytes(System.Text.Encoding.UTF8.GetBytes(content));
        var r = new ActionResult { ExitCode = 0, StdoutDigest = LocalStore.ToProto(store.PutBytes("out"u8)) };
        r.OutputFiles.Add(new OutputFile { Path = "pkg.a", Digest = LocalStore.ToProto(output) });
        return r;
    }

    [Fact]
    public void GetActionResult_AfterPut_IsHitWithEqualResult()
    {
        using var f = new StoreFixture();
        var result = ResultWithOutput(f.Store, "archive", out _);
        f.Store.PutActionResult(Key("a"), result);
        var hit = Assert.IsType<CacheHit>(f.Store.GetActionResult(Key("a")));
        Assert.Equal(result, hit.Result);
    }

    [Fact]
    public void GetActionResult_Unknown_IsMissWithReason()
    {
        using var f = new StoreFixture();
        var miss = Assert.IsType<CacheMiss>(f.Store.GetActionResult(Key("nope")));
        Assert.Contains("no action cache entry", miss.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GetActionResult_OutputBlobGone_IsMiss()
    {
        using var f = new StoreFixture();
        f.Store.PutActionResult(Key("a"), ResultWithOutput(f.Store, "archive", out var output));
        File.Delete(Path.Combine(f.StoreRoot, "cas", output.Hash[..2], output.Hash));
        var miss = Assert.IsType<CacheMiss>(f.Store.GetActionResult(Key("a")));
        Assert.Contains("pkg.a", miss.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GetActionResult_GarbageEntry_IsMissAndEvicted()
    {
        using var f = new StoreFixture();
        f.Store.PutActionResult(Key("a"), ResultWithOutput(f.Store, "archive", out _));
        var entry = Path.Combine(f.StoreRoot, "ac", Key("a").Digest.Hash[..2], Key("a").Digest.Hash);
        File.WriteAllText(entry, "not a digest");
        Assert.IsType<CacheMiss>(f.Store.GetActionResult(Key("a")));
        Assert.False(File.Exists(entry));
    }

    /// A result whose output directory is the sample tree, just snapshotted.
    private static ActionResult OutputDirectoryResult(StoreFixture f)
    {
        var dir = f.Temp.Combine("outdir");
        TreeTests.WriteSampleTree(dir);
        var root = f.Store.Snapshot(dir);
        var treeDigest = f.Store.PutBytes(Google.Protobuf.MessageExtensions.ToByteArray(f.Store.TryBuildTree(root)!));
        var result = new ActionResult();
        result.OutputDirectories.Add(new OutputDirectory { Path = "out", TreeDigest = LocalStore.ToProto(treeDigest), RootDirectoryDigest = LocalStore.ToProto(root) });
        return result;
    }

    /// <see cref="OutputDirectoryResult"/> stored under `key` and looked up once (a hit).
    private static void PutOutputDirectoryResult(StoreFixture f, ActionKey key)
    {
        f.Store.PutActionResult(key, OutputDirectoryResult(f));
        Assert.IsType<CacheHit>(f.Store.GetActionResult(key));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetActionResult_OfAnOutputDirectoryPutAsJustStored_TrustsItsBlobs_WhileAPlainPutChecksThem(bool justStored)
    {
        using var f = new StoreFixture();
        await f.Store.PutActionResultAsync(Key("d"), OutputDirectoryResult(f), blobsJustStored: justStored, CancellationToken.None);

        DeleteDeepSampleFile(f);                                                      // behind the store's back
        var lookup = f.Store.GetActionResult(Key("d"));
        if (justStored) Assert.IsType<CacheHit>(lookup);                              // no check: the put recorded it
        else Assert.IsType<CacheMiss>(lookup);                                        // the first lookup checks
    }

    private static void DeleteDeepSampleFile(StoreFixture f)
    {
        var deep = Core.Digest.Of("package deeper\n"u8);
        File.Delete(Path.Combine(f.StoreRoot, "cas", deep.Hash[..2], deep.Hash));
    }

    [Fact]
    public void GetActionResult_OutputDirectoryFileGone_IsMiss()
    {
        using var f = new StoreFixture();
        PutOutputDirectoryResult(f, Key("d"));

        DeleteDeepSampleFile(f);
        f.Store.TrustPresenceMarks = false;
        Assert.IsType<CacheMiss>(f.Store.GetActionResult(Key("d")));
    }

    [Fact]
    public void GetActionResult_OutputDirectory_IsCheckedOncePerGcGeneration()
    {
        using var f = new StoreFixture();
        PutOutputDirectoryResult(f, Key("d"));                                        // checked, and marked present

        DeleteDeepSampleFile(f);                                                      // behind the store's back
        Assert.IsType<CacheHit>(f.Store.GetActionResult(Key("d")));                   // the mark stands

        // Any eviction bumps the gc generation: here the store finds an unrelated blob modified in place.
        var other = f.Store.PutBytes("unrelated"u8);
        var otherPath = Path.Combine(f.StoreRoot, "cas", other.Hash[..2], other.Hash);
        File.SetUnixFileMode(otherPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(otherPath, "edited");
        Assert.Null(f.Store.TryReadBytes(other));
        var miss = Assert.IsType<CacheMiss>(f.Store.GetActionResult(Key("d")));      // the mark lapsed: checked again
        Assert.Contains("missing blob", miss.Reason, StringComparison.Ordinal);
    }
}
