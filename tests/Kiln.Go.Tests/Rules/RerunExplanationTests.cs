using Kiln.Engine;
using Kiln.Go.Rules;

namespace Kiln.Go.Tests.Rules;

/// Why an action re-ran, in Go terms, from the engine's reason: whatever the version of the rules' key encodings.
public sealed class RerunExplanationTests
{
    private const string Root = "/w/ws";

    [Theory]
    [InlineData("go.compile/v1", "example.com/x/internal/core\u0000g", "go.file/v1", "/w/ws/internal/core/core.go", "compile example.com/x/internal/core: internal/core/core.go changed")]
    [InlineData("go.link/v7", "example.com/x/cmd/a\u0000g", "go.compile/v9", "example.com/x/internal/core\u0000g", "link example.com/x/cmd/a: export data of example.com/x/internal/core changed")]
    [InlineData("go.test/v2", "example.com/x/internal/core\u0000g", "store.generation/v1", "", "test example.com/x/internal/core: evicted by gc (the store was collected since the last run)")]
    [InlineData("go.test/v2", "example.com/x/internal/core\u0000g", null, null, "test example.com/x/internal/core: first build of this package in this store, with these settings")]
    public void Explain_SaysWhatChanged(string kind, string key, string? changedKind, string? changedKey, string expected)
    {
        var reason = new RerunReason(kind, Join(key), changedKind, changedKey is null ? null : Join(changedKey));  // Given

        var line = RerunExplanation.Explain(reason, Root);                                                     // When

        Assert.Equal(expected, line);                                                                          // Then
    }

    [Fact]
    public void Explain_NotAnAction_IsNull() =>
        Assert.Null(RerunExplanation.Explain(new RerunReason("go.graph/v4", "x", null, null), Root));

    /// Keys with parts are joined as the rules encode them; a file key is its path.
    private static string Join(string parts) => parts.Contains('\u0000', StringComparison.Ordinal) ? KeyText.Join(parts.Split('\u0000')) : parts;
}
