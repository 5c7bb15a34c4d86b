namespace Kiln.Store;

/// What a directory entry is, as lstat sees it (a symlink is never followed). None: nothing is there.
internal enum EntryKind { None, File, Directory, Symlink, Other }
