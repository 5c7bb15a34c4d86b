using System.Text;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Packages;
using Kiln.Store;

namespace Kiln.Go.Build;

/// The link action of a main package (reference §3.9): `go tool link -buildmode=exe` (pie where go defaults to it) over the link objects of
/// the whole transitive closure (importcfg `packagefile` lines, main under its real import path), with the
/// build information as a `modinfo` line and the main module's default GODEBUG.
internal sealed class LinkAction(LocalStore store, GoTools tools)
{
    public ProcessRequest Request(GoPackage main, IReadOnlyList<CompiledPackage> closure, string fileName, string modInfo,
        string defaultGodebug, IReadOnlyList<string> linkFlags)
    {
        var root = new TreeBuilder(store);
        var importcfg = new StringBuilder("# import config\n");
        foreach (var p in closure.OrderBy(c => c.ImportPath, StringComparer.Ordinal))
        {
            var file = DepNames.Of("deps", p.ImportPath, ".a");
            root.AddFile(file, p.LinkObject);
            importcfg.Append($"packagefile {p.ImportPath}={file}\n");
        }
        importcfg.Append(ModInfo.ImportcfgLine(modInfo));
        var cfg = store.PutBytes(Encoding.UTF8.GetBytes(importcfg.ToString()));
        root.AddFile("importcfg.link", cfg);
        var inputs = root.Build();
        var id = GoTools.BuildId("link", tools.Sdk.Identity, inputs.ToString(), string.Join("\n", linkFlags), defaultGodebug);
        var output = "out/" + fileName;
        var argv = new List<string>
        {
            tools.Link, "-o", output, "-importcfg", "importcfg.link", "-buildmode=" + tools.LinkBuildMode, $"-buildid={id}/{id}/{id}/{id}",
        };
        if (tools.Config.Race) argv.Add("-race");
        var cgo = tools.Config.CgoEnabled && tools.CCompiler is not null;
        // With cgo the linker itself decides on external linking (non-std cgo objects in the binary) and runs gcc
        // with its temporary files inside the sandbox.
        if (cgo) argv.AddRange(["-tmpdir", "{sandbox}/tmp"]);
        if (defaultGodebug.Length > 0) argv.Add("-X=runtime.godebugDefault=" + defaultGodebug);
        argv.AddRange(linkFlags); // after Kiln's own, as go passes them (a later -X of the same name wins)
        if (cgo && !LinkFlags.NamesExtld(linkFlags)) argv.Add("-extld=" + tools.CCompiler!.Name);
        argv.Add(DepNames.Of("deps", main.ImportPath, ".a"));
        if (cgo) argv = ["/bin/sh", "-c", "mkdir -p {sandbox}/tmp && exec " + CompileAction.Sh(argv)];
        return new ProcessRequest(new EquatableArray<string>(argv), new EquatableMap<string>(tools.Env(forLink: true, cgo)), inputs,
            new EquatableArray<string>([output]), EquatableArray<string>.Empty, "link " + main.ImportPath)
        {
            Timeout = TimeSpan.FromMinutes(10),
            ToolDirectories = tools.ToolDirectories,
        };
    }
}
