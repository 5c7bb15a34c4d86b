using Kiln.Core.Profiling;

namespace Kiln.Engine.Tests;

public class ProfileTests
{
    [Fact]
    public async Task Build_Profiled_RecordsEveryComputationWithItsRequests_AndActionsNameTheirComputation()
    {
        // Given top -> left, right -> bottom, where right starts late and bottom runs an action
        var ct = TestContext.Current.CancellationToken;
        var profile = new ProfileRecorder(TimeProvider.System);
        var rule = Steps.Graph(new() { ["top"] = ["left", "right"], ["left"] = ["bottom"], ["right"] = ["bottom"] }, async (key, c) =>
        {
            if (key.Name == "right") await Task.Delay(200, c);
            if (key.Name == "bottom") profile.BeginAction("act bottom", "act").End("executed");
        });
        var engine = new EngineBuilder().Add(rule).Build(profile: profile);

        // When the top is computed
        await engine.GetAsync(new Step("top"), ct);

        // Then each computation is a node with the ones it requested, the action names its node, and the critical path
        // runs through right (the dependency top received last)
        var nodes = profile.Nodes().ToDictionary(n => n.Label);
        Assert.Equal(4, nodes.Count);
        Assert.Equal([nodes["left"].Id, nodes["right"].Id], nodes["top"].Dependencies);
        Assert.All(nodes.Values, n => Assert.True(n.End >= n.Start));
        var action = Assert.Single(profile.Slices(), s => s.Name == "act bottom");
        Assert.Equal(nodes["bottom"].Id, action.Node);
        var path = CriticalPath.Of(profile);
        Assert.Equal(["bottom", "right", "top"], path.Select(s => s.Node.Label));
        Assert.Equal(["act bottom"], path[0].Actions.Select(a => a.Action));
        Assert.Contains(profile.Slices(), s => s.Track == ProfileTrack.Engine && s.Name.StartsWith("rule ", StringComparison.Ordinal));
    }
}
