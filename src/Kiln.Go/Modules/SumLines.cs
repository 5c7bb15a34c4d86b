using System.Text;
using Kiln.Core;

namespace Kiln.Go.Modules;

/// go.sum's lines, as the download step needs them.
public static class SumLines
{
    public static List<SumLine> Parse(byte[] content, string fileLabel)
    {
        var result = new List<SumLine>();
        var lines = Encoding.UTF8.GetString(content).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3) throw new KilnException(ErrorKind.User, "malformed go.sum line", [("file", $"{fileLabel}:{i + 1}"), ("line", line)],
                hint: "a go.sum line is `MODULE VERSION h1:HASH` or `MODULE VERSION/go.mod h1:HASH`; regenerate it with `go mod tidy`");
            var isMod = fields[1].EndsWith("/go.mod", StringComparison.Ordinal);
            var version = isMod ? fields[1][..^"/go.mod".Length] : fields[1];
            result.Add(new SumLine(new ModuleVersion(fields[0], version), isMod, fields[2]));
        }
        return result;
    }
}
