using System.Text;
using Kiln.Core;
using Kiln.Engine;
using Kiln.Store;

namespace Kiln.Go.Rules;

/// Volatile: stats the directory every run and lists it again only when its stamp changed (creating, removing
/// or renaming an entry changes a directory's mtime). Dependents compare the listing only.
internal sealed class SourceDirRule(TimeProvider time) : IPersistentRule<SourceDir, SourceDirState>
{
    public string Kind => "go.dir/v1";
    public bool IsVolatile => true;
    public string EncodeKey(SourceDir key) => KeyText.Join(key.Path, KeyText.Flag(key.GoOnly));

    public SourceDir DecodeKey(string text) => KeyText.Split(text) is [var path, var goOnly] ? new(path, goOnly == "1")
        : throw new FormatException("malformed directory key");

    public Digest? CutoffOf(SourceDirState value) =>
        Digest.Of(Encoding.UTF8.GetBytes((value.Stamp is null ? "missing\n" : "") + string.Join("\n", value.Entries)));

    public void WriteValue(TraceWriter writer, SourceDirState value)
    {
        writer.Bool(value.Stamp is not null);
        if (value.Stamp is { } s) writer.Int(s.Size).Int(s.MtimeNs).Int(s.CtimeNs).Int(s.Inode).Int(s.Mode);
        writer.Strings(value.Entries).Bool(value.Racy);
    }

    public SourceDirState ReadValue(TraceReader reader)
    {
        FileStamp? stamp = reader.Bool() ? new FileStamp(reader.Int(), reader.Int(), reader.Int(), reader.Int(), (int)reader.Int()) : null;
        return new SourceDirState(stamp, new EquatableArray<string>(reader.Strings()), reader.Bool());
    }

    public ValueTask<SourceDirState> ComputeAsync(SourceDir key, IRuleContext ctx, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (FileStamp.Of(key.Path) is not { IsDirectory: true } stamp)
            return ValueTask.FromResult(new SourceDirState(null, EquatableArray<string>.Empty, false));
        if (ctx.TryGetPrevious<SourceDirState>(out var previous) && previous.Stamp == stamp && !previous.Racy)
            return ValueTask.FromResult(previous);
        var entries = new List<string>();
        try
        {
            foreach (var entry in new DirectoryInfo(key.Path).EnumerateFileSystemInfos())
            {
                var kind = entry.LinkTarget is not null ? "l" : entry is DirectoryInfo ? "d" : "f";
                if (key.GoOnly && kind != "d" && !entry.Name.EndsWith(".go", StringComparison.Ordinal)) continue;
                entries.Add(kind + " " + entry.Name);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ValueTask.FromResult(new SourceDirState(null, EquatableArray<string>.Empty, false));
        }
        entries.Sort(StringComparer.Ordinal);
        var after = FileStamp.Of(key.Path);
        return ValueTask.FromResult(new SourceDirState(stamp, new EquatableArray<string>(entries),
            after != stamp || stamp.IsRacy(now, SourceFileRule.Granularity)));
    }
}
