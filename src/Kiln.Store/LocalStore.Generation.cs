namespace Kiln.Store;

/// The gc generation: a marker file rewritten before anything leaves the store (gc, a corrupt entry evicted),
/// so facts remembered across runs that imply presence (the engine's traces, "every module of this manifest is
/// held") are checked against the store again afterwards.
public sealed partial class LocalStore
{
    private string GenerationFile => Path.Combine(Root, "gc-generation");

    private readonly Lock _generationLock = new();
    private (FileStamp? Stamp, string Value) _generation = (null, "0");

    /// Changes whenever gc has run since; "0" when it never has. The file's content (a fresh token at each bump), not
    /// its inode: a copy of the store (a CI cache restored, `cp -a`) keeps its generation and so every fact remembered
    /// about it. Re-read only when the file's stamp changed (another process may bump it while this one runs).
    public string GcGeneration
    {
        get
        {
            var stamp = FileStamp.Of(GenerationFile);
            lock (_generationLock)
            {
                if (stamp == _generation.Stamp) return _generation.Value;
            }
            string value;
            try { value = stamp is null ? "0" : File.ReadAllText(GenerationFile).Trim(); }
            catch (FileNotFoundException) { value = "0"; }
            lock (_generationLock) _generation = (stamp, value);
            return value;
        }
    }

    private void BumpGcGeneration()
    {
        var temp = Path.Combine(_paths.Temp, $"gc-generation.{Environment.ProcessId}.{Guid.NewGuid():N}");
        File.WriteAllText(temp, Guid.NewGuid().ToString("N") + "\n");
        File.Move(temp, GenerationFile, overwrite: true);
    }
}
