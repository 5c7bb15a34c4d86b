using System.Collections;
using System.Collections.Immutable;

namespace Kiln.Core;

/// An immutable string-keyed map with value equality that iterates in ordinal key order.
public readonly struct EquatableMap<TValue> : IEquatable<EquatableMap<TValue>>, IReadOnlyCollection<KeyValuePair<string, TValue>>
{
    private readonly ImmutableSortedDictionary<string, TValue>? _items;

    public EquatableMap(IEnumerable<KeyValuePair<string, TValue>> items) =>
        _items = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, items);

    public static EquatableMap<TValue> Empty => new([]);

    private ImmutableSortedDictionary<string, TValue> Items =>
        _items ?? ImmutableSortedDictionary<string, TValue>.Empty.WithComparers(StringComparer.Ordinal);

    public int Count => Items.Count;
    public TValue this[string key] => Items[key];
    public bool TryGetValue(string key, out TValue value) => Items.TryGetValue(key, out value!);
    public bool ContainsKey(string key) => Items.ContainsKey(key);
    public IEnumerable<string> Keys => Items.Keys;

    public EquatableMap<TValue> SetItem(string key, TValue value) => new(Items.SetItem(key, value));

    public bool Equals(EquatableMap<TValue> other)
    {
        if (Count != other.Count) return false;
        foreach (var (k, v) in Items)
        {
            if (!other.TryGetValue(k, out var ov) || !EqualityComparer<TValue>.Default.Equals(v, ov)) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableMap<TValue> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (k, v) in Items) { hash.Add(k, StringComparer.Ordinal); hash.Add(v); }
        return hash.ToHashCode();
    }

    public static bool operator ==(EquatableMap<TValue> left, EquatableMap<TValue> right) => left.Equals(right);
    public static bool operator !=(EquatableMap<TValue> left, EquatableMap<TValue> right) => !left.Equals(right);

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => Items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
