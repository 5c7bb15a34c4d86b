using System.Text;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Packages;
using Kiln.Store;

namespace Kiln.Go.Build;

/// The compile action of one package (reference §3.2–3.6): `go tool compile` over exactly the package's own
/// files (sliced from its directory or stored module tree; std is read in place from GOROOT, whose runtime
/// assembly includes headers of other directories), an importcfg naming the export data of its direct
/// imports, `-o pkg.x -linkobj pkg.a` so dependents see only export data, then for assembly packages the
/// symabis/asm/pack steps and for `.syso` files a pack step, in one sandboxed shell script.
internal sealed class CompileAction(LocalStore store, GoTools tools, CgoAction? cgo = null)
{
    /// The coverage meta-data file of a package compiled with `CoverSpec.EmitMeta`.
    public const string CoverMetaPath = "out/covmeta";
    public const string ExportPath = "out/pkg.x";
    public const string ObjectPath = "out/pkg.a";
    private const string SrcDir = "src";

    /// Packages the go command never compiles with `-complete` (they have bodyless functions) [gc.go].
    private static readonly HashSet<string> NotComplete = new(StringComparer.Ordinal)
    {
        "bytes", "internal/poll", "net", "os", "runtime/metrics", "runtime/pprof", "runtime/trace", "sync", "syscall", "time",
    };

    /// `depSyso`: the `.syso` files of p's dependencies (absolute GOROOT paths), for a cgo package's probe link.
    /// `backendConcurrency`: the compiler's `-c` (BackendConcurrency), passed as a run-only argument, never in the key.
    /// `keyedReads`: the state of the files outside the sandbox a cgo compile read last time (CgoReads), keyed.
    public ProcessRequest Request(GoPackage p, PackageSource source, IReadOnlyList<CompiledPackage> imports, IReadOnlyList<string>? depSyso = null,
        int backendConcurrency = 1, string keyedReads = "")
    {
        var usesCgo = tools.Config.CgoEnabled && p.CgoFiles.Count > 0;
        if (p.GoFiles.Count == 0 && !usesCgo) throw BuildErrors.NoGoFiles(p, source.DiskDir ?? p.Dir);
        var root = new TreeBuilder(store);
        string fileDir;
        if (p.Standard)
        {
            fileDir = source.DiskDir!;
        }
        else
        {
            fileDir = "{sandbox}/" + SrcDir;
            var files = p.GoFiles.Concat(p.SFiles).Concat(p.HFiles).Concat(p.SysoFiles).Concat(p.EmbedFiles);
            if (usesCgo) files = files.Concat(p.CgoFiles).Concat(p.CFiles).Concat(p.CXXFiles);
            files = files.Distinct(StringComparer.Ordinal);
            foreach (var f in files) root.AddFile($"{SrcDir}/{f}", FileDigest(source, f));
        }

        var importcfg = new StringBuilder("# import config\n");
        foreach (var (raw, resolved) in p.ImportMap.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (raw != resolved) importcfg.Append($"importmap {raw}={resolved}\n");
        }
        foreach (var dep in imports.OrderBy(d => d.ImportPath, StringComparer.Ordinal))
        {
            var file = DepNames.Of("deps", dep.ImportPath, ".x");
            root.AddFile(file, dep.Export);
            importcfg.Append($"packagefile {dep.ImportPath}={file}\n");
        }
        root.AddFile("importcfg", store.PutBytes(Encoding.UTF8.GetBytes(importcfg.ToString())));

        var rewrite = p.Module is { Version.Length: > 0 } m ? m.Path + "@" + m.Version + p.ImportPath[Math.Min(m.Path.Length, p.ImportPath.Length)..] : p.ImportPath;
        var trimpath = usesCgo ? $"{fileDir}=>{rewrite};{CgoAction.ObjDir}=>;{{sandbox}}=>" : $"{fileDir}=>{rewrite};{{sandbox}}=>";
        var lang = p.Standard || p.Module is null ? tools.ToolchainLang : "go" + GoTools.MajorMinor(p.Module.GoVersion ?? "1.16");
        var native = p.SFiles.Count + p.CgoFiles.Count + p.CFiles.Count + p.CXXFiles.Count + p.MFiles.Count + p.FFiles.Count + p.SysoFiles.Count + p.SwigFiles.Count + p.SwigCXXFiles.Count;
        // The build id is part of the export data, so it must not depend on the sources (early cutoff).
        var buildId = GoTools.BuildId("compile", tools.Sdk.Identity, tools.Config.ToString(), p.ImportPath);
        var cgoSteps = usesCgo
            ? (cgo ?? throw BuildErrors.NoCCompiler(p.ImportPath)).For(p, fileDir, p.Standard ? "/_/GOROOT/src/" + p.ImportPath : "/_/" + rewrite, buildId,
                [.. depSyso ?? [], .. p.SysoFiles.Select(f => $"{fileDir}/{f}")])
            : null;
        var sFiles = cgoSteps?.GoAsmFiles ?? p.SFiles;
        if (cgoSteps is not null && keyedReads.Length > 0) root.AddFile(CgoReads.KeyedPath, store.PutBytes(Encoding.UTF8.GetBytes(keyedReads)));

        var compile = new List<string>
        {
            tools.Compile, "-o", ExportPath, "-linkobj", ObjectPath, "-trimpath", trimpath,
            "-p", p.Name == "main" && !p.ForceLibrary ? "main" : p.ImportPath, "-lang=" + lang,
        };
        if (p.Standard) compile.Add("-std");
        if (tools.CompilePieFlag) compile.Add("-shared");
        if (native == 0 && !(p.Standard && NotComplete.Contains(p.ImportPath))) compile.Add("-complete");
        compile.AddRange(["-buildid", buildId + "/" + buildId, "-goversion", tools.Sdk.Version]);
        if (tools.Config.Race) compile.Add("-race");
        if (sFiles.Count > 0) compile.AddRange(["-symabis", "obj/symabis", "-asmhdr", "obj/go_asm.h"]);
        compile.AddRange(p.Gcflags); // after Kiln's own, as go passes them: a repeated flag's last value wins
        compile.AddRange(["-nolocalimports", "-importcfg", "importcfg"]);
        if (p.EmbedPatterns.Count > 0)
        {
            root.AddFile("embedcfg", store.PutBytes(EmbedConfig.Json(p.EmbedPatterns, p.EmbedFiles, p.Standard ? fileDir : SrcDir)));
            compile.AddRange(["-embedcfg", "embedcfg"]);
        }
        List<string>? cover = null;
        var goFiles = p.GoFiles.Select(f => $"{fileDir}/{f}").ToList();
        if (p.Cover is { } spec)
        {
            (cover, goFiles) = CoverStep(p, spec, fileDir, root);
            compile.Add("-coveragecfg=" + CoverConfigPath);
        }
        compile.Add("-pack");
        compile.AddRange(goFiles);
        if (cgoSteps is not null) compile.AddRange(cgoSteps.GoFiles);

        List<string> argv;
        if (sFiles.Count == 0 && p.SysoFiles.Count == 0 && cgoSteps is null && cover is null)
        {
            argv = compile;
        }
        else if (sFiles.Count == 0 && p.SysoFiles.Count == 0 && cgoSteps is null)
        {
            argv = ["/bin/sh", "-c", "set -e\nmkdir -p obj out\n" + Sh(cover!) + "\n" + ShCompile(compile) + "\n", "sh"];
        }
        else
        {
            var asm = new List<string> { tools.Asm, "-p", p.ImportPath, "-trimpath", trimpath, "-I", "obj/", "-I", Path.Combine(tools.Sdk.GoRoot, "pkg", "include"),
                "-D", "GOOS_" + tools.Config.GoOs, "-D", "GOARCH_" + tools.Config.GoArch };
            if (tools.ArchSetting is { } a) asm.AddRange(["-D", $"{a.Name}_{a.Value}"]);
            if (tools.CompilePieFlag) asm.Add("-shared");
            asm.AddRange(p.Asmflags);
            var script = new StringBuilder("set -e\nmkdir -p obj out\n");
            if (cgoSteps is not null) script.Append(cgoSteps.Script);
            if (cover is not null) script.Append(Sh(cover)).Append('\n');
            var objects = new List<string>();
            if (sFiles.Count > 0)
            {
                script.Append(": > obj/go_asm.h\n");
                script.Append(Sh([.. asm, "-gensymabis", "-o", "obj/symabis", .. sFiles.Select(f => $"{fileDir}/{f}")])).Append('\n');
            }
            script.Append(ShCompile(compile)).Append('\n');
            for (var i = 0; i < sFiles.Count; i++)
            {
                var obj = $"obj/{i}_{Path.GetFileNameWithoutExtension(sFiles[i])}.o";
                script.Append(Sh([.. asm, "-o", obj, $"{fileDir}/{sFiles[i]}"])).Append('\n');
                objects.Add(obj);
            }
            objects.AddRange(p.SysoFiles.Select(f => $"{fileDir}/{f}"));
            script.Append(Sh([tools.Pack, "r", ObjectPath, .. objects]));
            if (cgoSteps is not null) script.Append(' ').Append(cgoSteps.PackObjects);
            script.Append('\n');
            argv = ["/bin/sh", "-c", script.ToString(), "sh"];
        }

        List<string> outputs = [ExportPath, ObjectPath];
        if (p.Cover is { EmitMeta: true }) outputs.Add(CoverMetaPath);
        if (cgoSteps is not null) outputs.Add(CgoReads.OutputPath);
        return new ProcessRequest(new EquatableArray<string>(argv), new EquatableMap<string>(tools.Env(forLink: false, cgo: usesCgo)), root.Build(),
            new EquatableArray<string>(outputs), EquatableArray<string>.Empty, "compile " + p.ImportPath)
        {
            Timeout = TimeSpan.FromMinutes(10),
            ToolDirectories = tools.ToolDirectories,
            // A script passes its own arguments ("$@", after $0) to the compiler; a direct compile takes them after argv[0].
            RunOnlyArgs = BackendConcurrency.Flags(backendConcurrency),
            RunOnlyArgsAt = ReferenceEquals(argv, compile) ? 1 : argv.Count,
        };
    }

    /// The compile command of a script, taking the script's arguments (the run-only `-c`) right after the tool.
    private static string ShCompile(List<string> compile) => Sh(compile.Take(1)) + " \"$@\" " + Sh(compile.Skip(1));

    private const string CoverConfigPath = "obj/coveragecfg";

    /// `go tool cover -pkgcfg pkgcfg.txt -mode M -var V -outfilelist coveroutfiles.txt FILES` as the go command
    /// runs it (work/exec.go cover2): it writes `covervars.go` and one `NAME.cover.go` per covered file, and the
    /// coveragecfg the compile reads. Returns the cover command and the compile's file list (covervars.go first,
    /// covered files replaced in place).
    private (List<string> Cover, List<string> GoFiles) CoverStep(GoPackage p, CoverSpec spec, string fileDir, TreeBuilder root)
    {
        var config = new Dictionary<string, object>
        {
            ["OutConfig"] = CoverConfigPath,
            ["PkgPath"] = p.ImportPath,
            ["PkgName"] = p.Name,
            ["Granularity"] = "perblock",
            ["ModulePath"] = p.Module?.Path ?? "",
            ["Local"] = false,
            ["EmitMetaFile"] = spec.EmitMeta ? CoverMetaPath : "",
        };
        root.AddFile("pkgcfg.txt", store.PutBytes(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(config, GoJson.Default.DictionaryStringObject)));
        var outputs = new List<string> { "obj/covervars.go" };
        var inputs = new List<string>();
        var goFiles = new List<string> { outputs[0] };
        foreach (var f in p.GoFiles)
        {
            if (spec.Files.Contains(f))
            {
                var output = "obj/" + f[..^".go".Length] + ".cover.go";
                outputs.Add(output);
                inputs.Add($"{fileDir}/{f}");
                goFiles.Add(output);
            }
            else goFiles.Add($"{fileDir}/{f}");
        }
        root.AddFile("coveroutfiles.txt", store.PutBytes(Encoding.UTF8.GetBytes(string.Concat(outputs.Select(o => o + "\n")))));
        List<string> cover = [tools.Cover, "-pkgcfg", "pkgcfg.txt", "-mode", spec.Mode, "-var", CoverSpec.VarFor(p.ImportPath),
            "-outfilelist", "coveroutfiles.txt", .. inputs];
        return (cover, goFiles);
    }

    private Core.Digest FileDigest(PackageSource source, string rel) => FileDigest(store, source, rel);

    /// The digest of one of a package's files: stored from its directory, or sliced from its stored module tree.
    internal static Core.Digest FileDigest(LocalStore store, PackageSource source, string rel)
    {
        if (source.DiskDir is { } dir) return store.PutFile(Path.Combine(dir, rel));
        var digest = source.Tree;
        var parts = rel.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var node = store.TryReadDirectory(digest) ?? throw StoreErrors.MissingBlob(digest, "module tree");
            if (i == parts.Length - 1)
            {
                var file = node.Files.FirstOrDefault(f => f.Name == parts[i]) ?? throw BuildErrors.MissingOutput("slice module tree", rel);
                return LocalStore.FromProto(file.Digest);
            }
            var sub = node.Directories.FirstOrDefault(d => d.Name == parts[i]) ?? throw BuildErrors.MissingOutput("slice module tree", rel);
            digest = LocalStore.FromProto(sub.Digest);
        }
        throw BuildErrors.MissingOutput("slice module tree", rel);
    }

    /// One shell command line, every argument single-quoted.
    internal static string Sh(IEnumerable<string> argv) => string.Join(' ', argv.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
}
