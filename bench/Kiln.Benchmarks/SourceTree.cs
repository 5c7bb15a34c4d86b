using System.Text;

namespace Kiln.Benchmarks;

/// A deterministic Go-module-like source tree: 10,000 files in 500 directories (25 top-level packages,
/// each with up to three levels of subpackages), file sizes spread log-uniformly from a few hundred
/// bytes to ~50 KB, 1 % empty files, a few executable scripts and a few duplicated files (LICENSE,
/// go.mod-like boilerplate). Same seed, same bytes, same names on every run.
public static class SourceTree
{
    public const int FileCount = 10_000;
    public const int DirectoryCount = 500;

    /// Writes the tree under `root` (must not exist) and returns its total size in bytes.
    public static long Write(string root, int seed = 20261125)
    {
        var random = new Random(seed);
        var pool = GoLikeText(random, 1 << 20);
        var dirs = Directories(random, root);
        foreach (var d in dirs) Directory.CreateDirectory(d);

        long total = 0;
        for (var i = 0; i < FileCount; i++)
        {
            var dir = dirs[i % dirs.Count];
            string name;
            byte[] content;
            var exec = false;
            if (i % 100 == 7)
            {
                name = $"empty_{i}.go";
                content = [];
            }
            else if (i % 500 == 13)
            {
                name = $"gen_{i}.sh";
                content = Encoding.UTF8.GetBytes($"#!/bin/sh\n# generated {i}\nexec go run ./cmd/gen \"$@\"\n");
                exec = true;
            }
            else if (i / DirectoryCount == 3 && i % 25 == 0)
            {
                // 20 identical LICENSE files, each in a different directory.
                name = "LICENSE";
                content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Permission is hereby granted, free of charge, to any person obtaining a copy.\n", 14)));
            }
            else
            {
                // Log-uniform in [200 B, 50 KB]: most files are a few KB, like real Go packages.
                var size = (int)Math.Exp(Math.Log(200) + (random.NextDouble() * (Math.Log(50_000) - Math.Log(200))));
                var header = Encoding.UTF8.GetBytes($"// Code in file {i}.\n\npackage p{i % DirectoryCount}\n\n");
                content = new byte[Math.Max(size, header.Length)];
                header.CopyTo(content, 0);
                var start = random.Next(pool.Length - content.Length);
                pool.AsSpan(start, content.Length - header.Length).CopyTo(content.AsSpan(header.Length));
                name = (i % 5 == 0 ? $"f{i}_test.go" : $"f{i}.go");
            }
            var path = Path.Combine(dir, name);
            File.WriteAllBytes(path, content);
            if (exec) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
            total += content.Length;
        }
        return total;
    }

    private static List<string> Directories(Random random, string root)
    {
        var dirs = new List<string> { root };
        var frontier = new List<string> { root };
        var next = 0;
        while (dirs.Count < DirectoryCount)
        {
            // Breadth-first: 25 top-level packages, then subpackages of random existing directories
            // (never more than 4 deep).
            var parent = dirs.Count <= 25 ? root : frontier[random.Next(frontier.Count)];
            var child = Path.Combine(parent, $"pkg{next++}");
            dirs.Add(child);
            if (Path.GetRelativePath(root, child).Count(c => c == '/') < 3) frontier.Add(child);
        }
        return dirs;
    }

    private static byte[] GoLikeText(Random random, int size)
    {
        string[] lines =
        [
            "func (s *server) handle(ctx context.Context, req *Request) (*Response, error) {\n",
            "\tif err != nil {\n\t\treturn nil, fmt.Errorf(\"handle: %w\", err)\n\t}\n",
            "\tfor i, v := range values {\n\t\tout[i] = v * 2\n\t}\n",
            "}\n\n",
            "// Package docs: explains the invariants this type keeps.\n",
            "type Config struct {\n\tName string `json:\"name\"`\n\tSize int64\n}\n",
            "import (\n\t\"context\"\n\t\"fmt\"\n\t\"strings\"\n)\n",
            "\tx := strings.TrimSpace(line)\n",
        ];
        var sb = new StringBuilder(size + 200);
        while (sb.Length < size)
        {
            sb.Append(lines[random.Next(lines.Length)]);
            if (random.Next(8) == 0) sb.Append("\t// ").Append(random.Next()).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString(0, size));
    }
}
