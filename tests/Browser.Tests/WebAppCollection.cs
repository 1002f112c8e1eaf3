namespace Browser.Tests;

/// <summary>
/// The test classes that need the plain web stack share one (each test makes its own users and organizations): a
/// stack per class cost the 2-core machine more than the tests. They run one after the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>, ICollectionFixture<Chromium>
{
    public const string Name = "web app";
}
