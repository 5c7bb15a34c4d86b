namespace Kiln.Go.Test;

/// `metafiles.txt` in a -coverpkg test's coverage directory, as go test writes it (field names are its).
internal sealed record CoverMetaFiles(List<string> ImportPaths, List<string> MetaFileFragments);
