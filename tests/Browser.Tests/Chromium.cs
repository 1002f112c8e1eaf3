using Microsoft.Playwright;

namespace Browser.Tests;

/// <summary>
/// Debian's chromium, headless, driven by Playwright's bundled driver (no browser download). Missing
/// chromium fails the run with one line: a browser test that skips itself would prove nothing.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where Debian installs it; <c>CHROMIUM_PATH</c> points elsewhere.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] HeadlessFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    // One browser process for every test class at once (each page still gets a context of its own): a launch per
    // class cost the 2-core machine more than the tests themselves. Started by the first class, closed by the last.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;
    private static int _classesUsing;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {ExecutablePath}: install it (apt-get install -y chromium; ./test.sh does when run as root) or set CHROMIUM_PATH.");
        }

        await Gate.WaitAsync();
        try
        {
            if (_browser is null)
            {
                _playwright = await Playwright.CreateAsync();
                // Playwright gives the browser a fresh, temporary --user-data-dir of its own on every launch.
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ExecutablePath,
                    Headless = true,
                    Args = HeadlessFlags,
                    Timeout = 60_000,
                });
            }

            _classesUsing++;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// A page in a context of its own: a clean localStorage (where Swagger UI keeps the token) that
    /// survives reloads of that page but is shared with no other test.
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await (_browser ?? throw new InvalidOperationException("Chromium not started")).NewContextAsync();
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--_classesUsing > 0)
            {
                return;
            }

            if (_browser is not null)
            {
                await _browser.CloseAsync();
            }

            _playwright?.Dispose();
            (_browser, _playwright) = (null, null);
        }
        finally
        {
            Gate.Release();
        }
    }
}
