namespace Kiln.Store;

/// How a blob file is laid out: plain (0444) or executable (0555) inode.
public enum BlobMode { Plain, Executable }
