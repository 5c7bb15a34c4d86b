using Kiln.Core;

namespace Kiln.Engine;

/// The engine's failures, and the `while:` chain it adds to failures passing through it.
internal static class EngineErrors
{
    public static KilnException Cycle(IEnumerable<object> keys) => new(ErrorKind.Internal,
        $"dependency cycle: {string.Join(" -> ", keys)}",
        hint: "a rule requested a key that, through its dependencies, requests it back; "
            + "the rule must diagnose cycles in its input (such as import cycles) before recursing");

    public static KilnException NoRule(object key) => new(ErrorKind.Internal,
        "no rule computes this kind of key", [("key", key.ToString() ?? ""), ("key type", key.GetType().FullName ?? "")]);

    public static KilnException WrongValueType(object key, Type ruleValue, Type requested) => new(ErrorKind.Internal,
        "a key was requested as the wrong value type",
        [("key", key.ToString() ?? ""), ("rule yields", ruleValue.FullName ?? ""), ("requested", requested.FullName ?? "")]);

    public static KilnException ContextUsedAfterCompletion(object computed, object requested) => new(ErrorKind.Internal,
        "a rule requested a key after its own computation had finished",
        [("computed", computed.ToString() ?? ""), ("requested", requested.ToString() ?? "")],
        hint: "a rule must await every request it makes before returning, so its dependencies are complete");

    public static KilnException UnreadableTrace(string kind, string key, Exception e) => new(ErrorKind.Internal,
        "a value in the trace database does not decode", [("kind", kind), ("key", key), ("problem", e.Message)],
        hint: "the database is checksummed and versioned, so this is a Kiln bug (a codec changed without a new kind); "
            + "`kiln clean` discards it", e);

    public static KilnException DuplicateRule(Type keyType) => new(ErrorKind.Internal,
        "two rules registered for one key type", [("key type", keyType.FullName ?? "")]);

    /// A copy of <paramref name="e"/> whose `while:` chain ends with <paramref name="key"/>. A copy, because one
    /// failure reaches many dependents, each with its own chain.
    public static KilnException While(KilnException e, object key)
    {
        var copy = new KilnException(e.Kind, e.Message, e.Details, e.Hint, e.InnerException);
        copy.While.AddRange(e.While);
        copy.While.Add(key.ToString() ?? "");
        return copy;
    }
}
