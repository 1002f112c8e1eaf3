using System.Reflection;

namespace App.Tests.Infrastructure;

/// <summary>
/// Every fixture is <see cref="ApiFixture"/> or a variation of it (docs/testing.md), so starting the database, the
/// local Auther and the API lives in one place and a new set-up is one line, not another copy of the lifecycle.
/// </summary>
public sealed class OneFixtureTests
{
    [Fact]
    public void EveryFixtureInThisAssembly_IsAnApiFixture()
    {
        var types = typeof(OneFixtureTests).Assembly.GetTypes();
        // What xunit hands to test classes, and what a test class creates and starts itself (an IAsyncLifetime
        // that is not a test class).
        var handedOut = types.SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IClassFixture<>) || i.GetGenericTypeDefinition() == typeof(ICollectionFixture<>)))
            .Select(i => i.GetGenericArguments()[0]);
        var selfMade = types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAsyncLifetime).IsAssignableFrom(t) && !IsTestClass(t));
        var fixtures = handedOut.Concat(selfMade).Distinct().ToList();

        fixtures.Count.ShouldBeGreaterThan(20);
        fixtures.Where(f => !typeof(ApiFixture).IsAssignableFrom(f)).Select(f => f.FullName).ShouldBeEmpty();
    }

    private static bool IsTestClass(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.IsDefined(typeof(FactAttribute), inherit: true));
}
