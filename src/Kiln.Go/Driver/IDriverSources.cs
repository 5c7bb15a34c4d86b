using Kiln.Go.Rules;

namespace Kiln.Go.Driver;

/// Where a driver answer's files are: every path go/packages receives is an absolute path of a real file.
public interface IDriverSources
{
    /// The package's directory: in the workspace, under GOROOT/src, or in a module's read-only view.
    string DirOf(LoadedPackage p);

    /// The module the package belongs to (null for std).
    DriverModule? ModuleOf(LoadedPackage p);

    /// A cgo package's generated Go files (what `go list -compiled` lists after its other Go files), or null.
    IReadOnlyList<string>? CgoGoFiles(LoadedPackage p);

    /// The `_testmain.go` the go command would generate for testing p, written to a file.
    string TestMainFile(LoadedPackage p);

    /// A position of a package error (`dir/file.go:line:col`, relative to the workspace as Kiln reports it) as
    /// the go command prints it: relative to the working directory when under it, else absolute (base.ShortPath).
    string ShortPosition(string position);
}
