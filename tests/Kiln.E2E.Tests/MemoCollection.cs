namespace Kiln.E2E.Tests;

/// The tests that check the persistent memo against clean builds share one MemoFixture and run one at a time.
[CollectionDefinition(Name)]
public sealed class MemoCollection : ICollectionFixture<MemoFixture>
{
    public const string Name = "memo";
}
