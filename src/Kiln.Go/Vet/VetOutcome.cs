namespace Kiln.Go.Vet;

/// One vet run: the facts it wrote (null: none) and its findings as go shows them (null: none).
internal sealed record VetOutcome(Core.Digest? Facts, string? Findings);
