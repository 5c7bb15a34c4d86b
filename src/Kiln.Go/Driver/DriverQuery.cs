namespace Kiln.Go.Driver;

/// The words go/packages passes a driver: patterns as `go list` takes them, `pattern=P` for a pattern that
/// could read as a query, and `file=F` for the packages holding a file. Any other `word=` whose word is all
/// lower-case letters is a query go/packages does not define, which its own driver rejects too.
public sealed record DriverQuery(IReadOnlyList<string> Patterns, IReadOnlyList<string> Files)
{
    public static DriverQuery Parse(IEnumerable<string> words)
    {
        var patterns = new List<string>();
        var files = new List<string>();
        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) { patterns.Add(word); continue; }
            var (query, value) = (word[..eq], word[(eq + 1)..]);
            switch (query)
            {
                case "file": files.Add(value); break;
                case "pattern": patterns.Add(value); break;
                default:
                    if (query.Length > 0 && query.All(c => c is >= 'a' and <= 'z'))
                        throw DriverErrors.InvalidQuery(query, word);
                    patterns.Add(word);
                    break;
            }
        }
        return new DriverQuery(patterns, files);
    }
}
