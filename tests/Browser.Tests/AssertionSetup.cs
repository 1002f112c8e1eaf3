using Microsoft.Playwright;

namespace Browser.Tests;

/// <summary>Playwright's expectations wait 5 s by default; on a loaded 2-core machine a sign-in round trip can take longer.</summary>
public static class AssertionSetup
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    public static void Initialize() => Assertions.SetDefaultExpectTimeout(20_000);
}
