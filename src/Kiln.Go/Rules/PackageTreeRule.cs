using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// Walks a tree through the directories' listings, level by level, skipping what the go command's walk skips
/// (testdata, vendor, `_x`, `.x`, symlinks). The value is one line per directory holding `.go` files: its path
/// and their names. Its dependencies are every listing the walk read, so a new directory anywhere walks again;
/// its early cutoff keeps the graph when the walk finds the same Go files.
internal sealed class PackageTreeRule : IPersistentRule<PackageTree, EquatableArray<string>>
{
    public string Kind => "go.tree/v1";
    public string EncodeKey(PackageTree key) => key.Root;
    public PackageTree DecodeKey(string text) => new(text);
    public void WriteValue(TraceWriter writer, EquatableArray<string> value) => writer.Strings(value);
    public EquatableArray<string> ReadValue(TraceReader reader) => new(reader.Strings());

    public async ValueTask<EquatableArray<string>> ComputeAsync(PackageTree key, IRuleContext ctx, CancellationToken ct)
    {
        var found = new List<string>();
        List<string> level = [key.Root];
        while (level.Count > 0)
        {
            var listings = await ctx.GetAllAsync<SourceDir, SourceDirState>(level.Select(d => new SourceDir(d, GoOnly: true)), ct);
            var next = new List<string>();
            for (var i = 0; i < level.Count; i++)
            {
                var goFiles = new List<string>();
                foreach (var entry in listings[i].Entries)
                {
                    var name = entry[2..];
                    if (entry.StartsWith("d ", StringComparison.Ordinal) && !PackageDirectories.Skipped(name)) next.Add(Path.Combine(level[i], name));
                    else if (name.EndsWith(".go", StringComparison.Ordinal)) goFiles.Add(name); // a file, or a symlink to one
                }
                if (goFiles.Count > 0) found.Add(level[i] + "\t" + string.Join(' ', goFiles));
            }
            next.Sort(StringComparer.Ordinal);
            level = next;
        }
        found.Sort(StringComparer.Ordinal);
        return new EquatableArray<string>(found);
    }
}
