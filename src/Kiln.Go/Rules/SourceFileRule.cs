using Kiln.Engine;
using Kiln.Store;

namespace Kiln.Go.Rules;

/// Volatile: stats the file every run; hashes (into the store, where the compile that reads it next finds
/// it) only when the stamp differs from the last run's or was racy. Dependents compare the content only, so
/// a touch without a change runs nothing downstream.
internal sealed class SourceFileRule(LocalStore store, TimeProvider time) : IPersistentRule<SourceFile, SourceFileState>
{
    public static readonly TimeSpan Granularity = TimeSpan.FromSeconds(2);

    public string Kind => "go.file/v1";
    public bool IsVolatile => true;
    public string EncodeKey(SourceFile key) => key.Path;
    public SourceFile DecodeKey(string text) => new(text);

    public Core.Digest? CutoffOf(SourceFileState value) =>
        value.Exists ? value.Content : Core.Digest.Of("missing"u8);

    public void WriteValue(TraceWriter writer, SourceFileState value)
    {
        writer.Bool(value.Stamp is not null);
        if (value.Stamp is { } s) writer.Int(s.Size).Int(s.MtimeNs).Int(s.CtimeNs).Int(s.Inode).Int(s.Mode);
        writer.Digest(value.Content).Bool(value.Racy);
    }

    public SourceFileState ReadValue(TraceReader reader)
    {
        FileStamp? stamp = reader.Bool() ? new FileStamp(reader.Int(), reader.Int(), reader.Int(), reader.Int(), (int)reader.Int()) : null;
        return new SourceFileState(stamp, reader.Digest(), reader.Bool());
    }

    public ValueTask<SourceFileState> ComputeAsync(SourceFile key, IRuleContext ctx, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (FileStamp.Of(key.Path) is not { IsRegular: true } stamp) return ValueTask.FromResult(new SourceFileState(null, default, false));
        if (ctx.TryGetPrevious<SourceFileState>(out var previous) && previous.Stamp == stamp && !previous.Racy)
            return ValueTask.FromResult(previous);
        Core.Digest content;
        try { content = store.PutFile(key.Path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ValueTask.FromResult(new SourceFileState(null, default, false)); }
        // Stamp after hashing too: a change while hashing shows as a different stamp, and the state is racy.
        var after = FileStamp.Of(key.Path);
        return ValueTask.FromResult(new SourceFileState(stamp, content, after != stamp || stamp.IsRacy(now, Granularity)));
    }
}
