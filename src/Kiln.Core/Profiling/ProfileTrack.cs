namespace Kiln.Core.Profiling;

/// Where a slice is drawn: actions on lanes (one action at a time per lane), the engine's own work on the thread
/// that did it (only synchronous stretches are recorded there, so slices on one thread never overlap).
public enum ProfileTrack { Actions = 1, Engine = 2 }
