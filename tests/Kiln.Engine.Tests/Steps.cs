namespace Kiln.Engine.Tests;

/// Rules and helpers over <see cref="Step"/> graphs.
public static class Steps
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// Step(n) first runs <paramref name="before"/>, then requests the steps edges[n] in parallel and yields
    /// "n(dep,dep)".
    public static RecordingRule<Step, string> Graph(Dictionary<string, string[]> edges,
        Func<Step, CancellationToken, Task>? before = null) =>
        new(async (key, ctx, ct) =>
        {
            if (before is not null) await before(key, ct);
            var deps = await ctx.GetAllAsync(edges.GetValueOrDefault(key.Name, []).Select(n => new Step(n)), ct);
            return $"{key.Name}({string.Join(",", deps)})";
        });

    public static BuildEngine Run<TKey, TValue>(IRule<TKey, TValue> rule) where TKey : notnull =>
        new EngineBuilder().Add(rule).Build();

    /// Waits for a test gate, failing (not hanging) the test when it never opens.
    public static Task Within(this Task task) => task.WaitAsync(Patience, TestContext.Current.CancellationToken);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Patience, TestContext.Current.CancellationToken);
}
