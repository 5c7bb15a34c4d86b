using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using Kiln.Go.Modules;

namespace Kiln.Cli.Commands;

/// `kiln mod graph`: the build list Kiln's own minimal version selection computes (equal to `go list -m all`),
/// with requirement edges in the json and dot formats.
internal static class ModGraphCommand
{
    public static Command Create(KilnApp app)
    {
        var format = new Option<string>("--format") { Description = "text (like `go list -m all`), json or dot", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "dot");
        var allowDownload = new Option<bool>("--allow-download") { Description = "fetch missing modules first (as `kiln mod download` does) instead of failing" };
        var cmd = new Command("graph", "print the module build list (minimal version selection over the stored go.mod files)") { format, allowDownload };
        cmd.SetAction(app.Body("mod graph", async (parsed, inv, ct) =>
        {
            var mods = await ModContext.OpenAsync(inv, ct);
            foreach (var unit in mods.Workspace.DownloadUnits())
            {
                var manifest = await mods.ManifestAsync(unit, ct, parsed.GetValue(allowDownload));
                if (unit.GoWork is not null)
                {
                    // Workspace mode: the build list the go command computed over every used module.
                    WriteManifestBuildList(inv.Out, manifest);
                    continue;
                }
                var goMod = unit.Roots[0];
                var dir = Path.Combine(mods.Workspace.Root, Path.GetDirectoryName(goMod.FileName) ?? "");
                var graph = ModuleGraph.Load(goMod, await StoreModFileSource.LoadAsync(mods.Modules, manifest, dir, ct));
                switch (parsed.GetValue(format))
                {
                    case "json": WriteJson(inv.Out, graph); break;
                    case "dot": WriteDot(inv.Out, graph); break;
                    default: WriteText(inv.Out, graph, goMod); break;
                }
            }
            return ExitCodes.Success;
        }));
        return cmd;
    }

    private static string Describe(ModuleGraph graph, ModuleVersion m, GoModFile goMod)
    {
        if (m.Version.Length == 0) return m.Path;
        var r = graph.Resolve(m);
        if (r == m) return $"{m.Path} {m.Version}";
        var local = goMod.Replace.Any(x => x.IsLocalPath && x.New.Path == r.Path);
        return local || r.Version.Length == 0 ? $"{m.Path} {m.Version} => {r.Path}" : $"{m.Path} {m.Version} => {r.Path} {r.Version}";
    }

    private static void WriteManifestBuildList(TextWriter w, ModuleManifest manifest)
    {
        w.WriteLine(manifest.MainModule);
        foreach (var m in manifest.BuildList.OrderBy(m => m.Path, StringComparer.Ordinal))
        {
            w.WriteLine(m.ReplacePath is null ? $"{m.Path} {m.Version}"
                : m.IsLocalReplace ? $"{m.Path} {m.Version} => {m.ReplacePath}" : $"{m.Path} {m.Version} => {m.ReplacePath} {m.ReplaceVersion}");
        }
    }

    private static void WriteText(TextWriter w, ModuleGraph graph, GoModFile goMod)
    {
        foreach (var m in graph.BuildList) w.WriteLine(Describe(graph, m, goMod));
    }

    private static void WriteJson(TextWriter w, ModuleGraph graph)
    {
        // Written field by field (no reflection), as JsonSerializer wrote the equivalent object: indented, default escaping.
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("main", graph.MainModulePath);
            json.WriteBoolean("pruned", graph.IsPruned);
            json.WriteStartArray("modules");
            foreach (var m in graph.BuildList.Skip(1))
            {
                json.WriteStartObject();
                json.WriteString("path", m.Path);
                json.WriteString("version", m.Version);
                var resolved = graph.Resolve(m);
                if (resolved == m) json.WriteNull("replace");
                else json.WriteString("replace", resolved.ToString());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("edges");
            foreach (var m in graph.BuildList)
            {
                foreach (var r in graph.RequirementsOf(m))
                {
                    json.WriteStartObject();
                    json.WriteString("from", m.ToString());
                    json.WriteString("to", r.ToString());
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        w.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteDot(TextWriter w, ModuleGraph graph)
    {
        w.WriteLine("digraph modules {");
        foreach (var m in graph.BuildList)
            foreach (var r in graph.RequirementsOf(m))
                w.WriteLine($"  \"{m}\" -> \"{r}\";");
        w.WriteLine("}");
    }
}
