using Kiln.Core;
using Kiln.Store;

namespace Kiln.Go.Rules;

/// A directory's stamp and its entries as `d name`, `f name`, `l name` (sorted), or none when it is missing.
public sealed record SourceDirState(FileStamp? Stamp, EquatableArray<string> Entries, bool Racy);
