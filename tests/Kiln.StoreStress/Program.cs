// Writes blobs and action-cache entries into a store as fast as it can, forever or for N rounds.
// Used by the crash-safety and multi-process tests: they kill it with SIGKILL at random moments or
// run several copies at once, then check that the store holds only sound entries.
//
// usage: Kiln.StoreStress STORE_ROOT SEED ROUNDS
// Entry i (0 <= i < 64) is deterministic: blob "value-i" repeated, and an action key derived from "key-i"
// whose ActionResult's stdout is that blob. Writers with different seeds overlap on the same entries.
using System.Text;
using Kiln.Core;
using Kiln.Store;
using Kiln.Store.Reapi;
using Digest = Kiln.Core.Digest;

var store = new LocalStore(args[0]);
var random = new Random(int.Parse(args[1]));
var rounds = int.Parse(args[2]);
for (var round = 0; rounds < 0 || round < rounds; round++)
{
    var i = random.Next(64);
    var content = StressEntries.Content(i);
    var blob = store.PutBytes(content);
    var result = new ActionResult { ExitCode = 0, StdoutDigest = LocalStore.ToProto(blob) };
    result.OutputFiles.Add(new OutputFile { Path = "out", Digest = LocalStore.ToProto(store.PutBytes(Encoding.UTF8.GetBytes($"out-{i}"))) });
    store.PutActionResult(StressEntries.Key(i), result);
}

public static class StressEntries
{
    public static byte[] Content(int i) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"value-{i};", 2000 + i * 50)));
    public static ActionKey Key(int i) => new(Digest.Of(Encoding.UTF8.GetBytes($"key-{i}")));
}
