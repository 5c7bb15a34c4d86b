using System.Globalization;
using System.Text;
using Kiln.Go.Packages;

namespace Kiln.Go.Build;

/// The cgo steps of a package's compile action (reference §3.7; cmd/go/internal/work/exec.go `cgo`): `go
/// tool cgo` into obj/, gcc for the generated C files and the package's own C and assembly files, the probe
/// link `_cgo_.o` and `cgo -dynimport` (runtime/cgo with `-dynlinker`), as shell lines that run before the
/// compile, whose Go files and objects they yield. Paths stay out of the outputs: gcc maps obj/ to
/// /tmp/go-build and the source directory to /_/(module path or GOROOT) (`-ffile-prefix-map`), records no
/// switches, and seeds its randomness with the compile's build id; compile's -trimpath strips obj/. Each gcc
/// step also writes what it read (`-MD`, which changes no object), collected as CgoReads.OutputPath.
internal sealed class CgoAction(GoTools tools, CCompiler cc)
{
    public const string ObjDir = "{sandbox}/obj";

    /// What the compile of a cgo package adds: shell lines, generated Go files, the Go assembly files that
    /// remain for `go tool asm` (runtime/cgo only) and a shell word list of the objects to pack.
    public sealed record Steps(string Script, IReadOnlyList<string> GoFiles, IReadOnlyList<string> GoAsmFiles, string PackObjects);

    /// `srcDir`: where the package's files are (absolute or under {sandbox}); `prefixMapTo`: what gcc writes
    /// for it; `seed`: the build id; `syso`: `.syso` files of dependencies, for the probe link.
    public Steps For(GoPackage p, string srcDir, string prefixMapTo, string seed, IReadOnlyList<string> syso)
    {
        var isRuntimeCgo = p.Standard && p.ImportPath == "runtime/cgo";
        var goAsm = isRuntimeCgo ? p.SFiles.Where(f => !f.StartsWith("gcc_", StringComparison.Ordinal)).ToList() : [];
        var gccFiles = p.CFiles.Concat(p.SFiles.Where(f => !goAsm.Contains(f))).ToList();

        List<string> cppflags = [.. p.CgoCPPFLAGS, "-I", ObjDir + "/"];
        List<string> cflags = [.. cppflags, "-O2", "-g", .. p.CgoCFLAGS];
        List<string> cxxflags = [.. cppflags, "-O2", "-g", .. p.CgoCXXFLAGS];
        List<string> ldflags = ["-O2", "-g", .. p.CgoLDFLAGS];

        var script = new StringBuilder($"mkdir -p {ObjDir} {{sandbox}}/tmp {{sandbox}}/out\n");
        var cgo = new List<string> { "env", "TERM=dumb", "CGO_LDFLAGS=", tools.Cgo, "-objdir", ObjDir + "/", "-importpath", p.ImportPath };
        if (isRuntimeCgo) cgo.Add("-import_runtime_cgo=false");
        if (p.Standard && p.ImportPath is "runtime/cgo" or "runtime/race" or "runtime/msan" or "runtime/asan") cgo.Add("-import_syscall=false");
        cgo.Add("-ldflags=" + string.Join(' ', ldflags.Select(Modules.GoQuotedString.Quote)));
        cgo.AddRange(["--", .. cppflags, "-O2", "-g", .. p.CgoCFLAGS, .. p.CgoFiles.Select(f => $"{srcDir}/{f}")]);
        script.Append($"cd {CompileAction.Sh([srcDir])}\n").Append(CompileAction.Sh(cgo)).Append('\n');

        var objects = new List<string>();
        var seq = 0;
        string Next() => $"{ObjDir}/_x{++seq:000}.o";
        void Gcc(string dir, string file, string output, IReadOnlyList<string> flags, bool cxx = false)
        {
            var argv = Base(cxx ? "g++" : cc.Name, srcDir).Concat(flags)
                .Concat([$"-ffile-prefix-map={srcDir}={prefixMapTo}", "-frandom-seed=" + seed, "-MD", "-MF", output[..^".o".Length] + ".d", "-o", output, "-c", file]);
            script.Append($"cd {CompileAction.Sh([dir])}\n").Append(CompileAction.Sh(argv)).Append('\n');
        }
        foreach (var c in new[] { "_cgo_export.c" }.Concat(p.CgoFiles.Select(f => Path.GetFileNameWithoutExtension(f) + ".cgo2.c")))
        {
            var o = Next();
            Gcc(ObjDir, c, o, cflags);
            objects.Add(o);
        }
        foreach (var f in gccFiles)
        {
            var o = Next();
            Gcc(srcDir, f, o, cflags);
            objects.Add(o);
        }
        foreach (var f in p.CXXFiles)
        {
            var o = Next();
            Gcc(srcDir, f, o, cxxflags, cxx: true);
            objects.Add(o);
        }

        // The probe link only feeds -dynimport; if it fails the linker is told to link externally, as go does.
        Gcc(ObjDir, "_cgo_main.c", ObjDir + "/_cgo_main.o", cflags);
        var probe = Base(cc.Name, srcDir).Concat(["-o", ObjDir + "/_cgo_.o", ObjDir + "/_cgo_main.o", .. objects, .. syso, .. ldflags]);
        var dynimport = new List<string> { tools.Cgo, "-dynpackage", p.Name, "-dynimport", ObjDir + "/_cgo_.o", "-dynout", ObjDir + "/_cgo_import.go" };
        if (isRuntimeCgo) dynimport.Add("-dynlinker");
        script.Append(CultureInfo.InvariantCulture, $"EXTRA=\nif {CompileAction.Sh(probe)}; then env TERM=dumb {CompileAction.Sh(dynimport)}\n")
            .Append(CultureInfo.InvariantCulture, $"else : > {ObjDir}/dynimportfail; EXTRA={ObjDir}/dynimportfail; printf 'package %s\\n' {CompileAction.Sh([p.Name])} > {ObjDir}/_cgo_import.go; fi\n")
            .Append("cd {sandbox}\n");
        // What every gcc step read (CgoReads), sandbox paths made relative so the output is the same in any sandbox.
        script.Append(CultureInfo.InvariantCulture, $"cat {ObjDir}/*.d | R={CompileAction.Sh(["{sandbox}/"])} awk {CompileAction.Sh([Relativize])} > {CompileAction.Sh(["{sandbox}/" + CgoReads.OutputPath])}\n");

        var goFiles = new List<string> { ObjDir + "/_cgo_gotypes.go" };
        goFiles.AddRange(p.CgoFiles.Select(f => $"{ObjDir}/{Path.GetFileNameWithoutExtension(f)}.cgo1.go"));
        goFiles.Add(ObjDir + "/_cgo_import.go");
        return new Steps(script.ToString(), goFiles, goAsm, CompileAction.Sh(objects) + " $EXTRA");
    }

    /// awk: every occurrence of $R (the sandbox, with its slash) removed, as a literal string.
    private const string Relativize = "BEGIN { r = ENVIRON[\"R\"] } { while ((i = index($0, r)) > 0) $0 = substr($0, 1, i - 1) substr($0, i + length(r)); print }";

    /// gcc's fixed flags (work/exec.go compilerCmd, with the features gcc has).
    private List<string> Base(string compiler, string incDir)
    {
        var argv = new List<string> { compiler, "-I", incDir, "-fPIC" };
        argv.AddRange(CCompiler.ArchArgs(tools.Config.GoArch));
        argv.AddRange(["-pthread", "-Wl,--no-gc-sections", "-fmessage-length=0", $"-ffile-prefix-map={ObjDir}=/tmp/go-build", "-gno-record-gcc-switches"]);
        return argv;
    }
}
