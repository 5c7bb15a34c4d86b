namespace Kiln.Engine;

/// Collects the rules, one per key type; each <see cref="Build"/> starts a fresh run.
public sealed class EngineBuilder
{
    private readonly Dictionary<Type, RuleBinding> _rules = [];

    /// Registers the rule for keys whose runtime type is exactly <typeparamref name="TKey"/>.
    public EngineBuilder Add<TKey, TValue>(IRule<TKey, TValue> rule) where TKey : notnull
    {
        if (!_rules.TryAdd(typeof(TKey), RuleBinding.For(rule))) throw EngineErrors.DuplicateRule(typeof(TKey));
        return this;
    }

    /// A new run: an engine with an empty memo over the rules registered so far.
    public BuildEngine Build() => new(new Dictionary<Type, RuleBinding>(_rules));
}
