namespace Kiln.Store;

/// The gc generation: a marker file rewritten before anything leaves the store (gc, a corrupt entry evicted),
/// so facts remembered across runs that imply presence (the engine's traces, "every module of this manifest is
/// held") are checked against the store again afterwards.
public sealed partial class LocalStore
{
    private string GenerationFile => Path.Combine(Root, "gc-generation");

    /// Changes whenever gc has run since; "0" when it never has.
    public string GcGeneration => FileStamp.Of(GenerationFile) is { } s ? $"{s.Inode}.{s.MtimeNs}" : "0";

    private void BumpGcGeneration()
    {
        var temp = Path.Combine(_paths.Temp, $"gc-generation.{Environment.ProcessId}.{Guid.NewGuid():N}");
        File.WriteAllText(temp, _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        File.Move(temp, GenerationFile, overwrite: true);
    }
}
