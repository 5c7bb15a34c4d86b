namespace Kiln.Engine;

/// Collects the rules, one per key type; each <see cref="Build"/> starts a fresh run.
public sealed class EngineBuilder
{
    private readonly Dictionary<Type, RuleBinding> _rules = [];
    private readonly Dictionary<string, RuleBinding> _kinds = new(StringComparer.Ordinal);

    /// Registers the rule for keys whose runtime type is exactly <typeparamref name="TKey"/>.
    public EngineBuilder Add<TKey, TValue>(IRule<TKey, TValue> rule) where TKey : notnull
    {
        var binding = RuleBinding.For(rule);
        if (!_rules.TryAdd(typeof(TKey), binding)) throw EngineErrors.DuplicateRule(typeof(TKey));
        if (binding.Persistence is { } p && !_kinds.TryAdd(p.Kind, binding)) throw EngineErrors.DuplicateRule(typeof(TKey));
        return this;
    }

    /// A new run: an engine with an empty memo over the rules registered so far. With the traces of earlier
    /// runs, persistent nodes whose dependencies are unchanged are reused instead of computed.
    /// With a profile, every computation's span and dependencies and the engine's own work are recorded in it.
    public BuildEngine Build(TraceSet? previous = null, Core.Profiling.ProfileRecorder? profile = null) =>
        new(new Dictionary<Type, RuleBinding>(_rules), new Dictionary<string, RuleBinding>(_kinds, StringComparer.Ordinal),
            previous ?? new TraceSet(), profile);
}
