namespace Kiln.Store;

/// What a garbage collection did.
public sealed record GcReport(long BytesBefore, long BytesAfter, int BlobsEvicted, int ActionEntriesRemoved, int TempFilesRemoved, int SandboxesRemoved = 0);
