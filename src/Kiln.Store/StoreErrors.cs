using Kiln.Core;

namespace Kiln.Store;

/// Every user-facing store failure, in one place.
public static class StoreErrors
{
    public static KilnException NotADirectory(string path) => new(ErrorKind.User,
        "path is not a directory", [("path", path)]);

    public static KilnException NotFound(string path) => new(ErrorKind.User,
        "no such file or directory", [("path", path)]);

    public static KilnException UnsupportedFileType(string path) => new(ErrorKind.User,
        "cannot snapshot a special file (only regular files, directories and symlinks)", [("path", path)],
        hint: "remove the socket, fifo or device file from the tree");

    /// Entries whose names are not valid UTF-8 (escaped, as Go quotes them): a tree cannot hold them.
    public static KilnException NonUtf8Names(string dir, IReadOnlyList<string> escaped) => new(ErrorKind.User,
        escaped.Count == 1 ? "a file or directory name is not valid UTF-8, and Kiln's trees hold UTF-8 names only" : "some file or directory names are not valid UTF-8, and Kiln's trees hold UTF-8 names only",
        [("directory", dir), .. escaped.Select(e => ("name", e))],
        hint: "rename it to valid UTF-8: Kiln cannot cache or sandbox it (REAPI tree names are UTF-8 strings), so it cannot build it as the go command does");

    public static KilnException LockFailed(string path, int errno) => new(ErrorKind.Environment,
        "cannot lock the store", [("lock file", path), ("errno", errno.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        hint: "the store must be on a local file system that supports flock(2), writable by you");

    public static KilnException MissingBlob(Digest digest, string what) => new(ErrorKind.Internal,
        "the store has no blob for a digest it was asked to materialize", [("digest", digest.ToString()), ("what", what)],
        hint: "the store may have been garbage-collected meanwhile; run the command again");

    public static KilnException BadTree(Digest digest, string why) => new(ErrorKind.Internal,
        "a directory tree in the store is malformed", [("digest", digest.ToString()), ("why", why)]);

    public static KilnException UnsafeName(string name, string where) => new(ErrorKind.User,
        "a tree holds an unsafe entry name", [("name", name), ("in", where)],
        hint: "names must be one path segment: not empty, not `.` or `..`, no `/` or NUL");

    public static KilnException DuplicateName(string name, string where) => new(ErrorKind.User,
        "a tree holds two entries with one name", [("name", name), ("in", where)]);

    public static KilnException EscapingSymlink(string name, string target, string where) => new(ErrorKind.User,
        "a tree holds a symlink that leads out of it", [("symlink", $"{where}/{name}"), ("target", target)],
        hint: "symlink targets must be relative and, followed through the tree's other symlinks, stay inside the tree");

    public static KilnException UnsafeDestination(string path, string why) => new(ErrorKind.User,
        "refusing to write a tree there", [("path", path), ("why", why)]);

    public static KilnException UnsafeOutputPath(string root, string path, string why) => new(ErrorKind.User,
        "refusing to write an output there", [("output", path), ("under", root), ("why", why)],
        hint: "outputs are written only below the output directory, never through a symlink; remove the symlink or file in the way");

    public static KilnException StoreUnusable(string root, Exception inner) => new(ErrorKind.Environment,
        "cannot use the store directory", [("store", root), ("why", inner.Message)],
        hint: "check permissions and free space, or set KILN_HOME to another directory", inner: inner);
}
