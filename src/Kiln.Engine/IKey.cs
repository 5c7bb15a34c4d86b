namespace Kiln.Engine;

/// Optional marker on a key naming the value it yields, so calls infer the value type:
/// <c>await ctx.GetAsync(new LoadPackage(path), ct)</c> (see <see cref="RuleContextExtensions"/>).
public interface IKey<TValue>
{
}
