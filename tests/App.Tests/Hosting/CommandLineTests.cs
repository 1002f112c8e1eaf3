using App.Tests.Infrastructure;

namespace App.Tests.Hosting;

/// <summary>The binary's own help: what an operator reads before anything is configured.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_WithNoSettings_ExplainsServing_TheRequiredSettings_AndTheVerbs()
    {
        var (exitCode, stdout, stderr) = await ApiProcess.RunAsync(new Dictionary<string, string>(), "--help");

        exitCode.ShouldBe(0, stderr);
        foreach (var expected in new[]
        {
            "--urls", "--migrate", "ConnectionStrings__Default", "Auther__Url", "Auther__Audience", "Auther__WebhookSecrets__0",
            "Auther__SignupSecret", "Auther__AdminApiKey", "migrate", "import-users", "reconcile", "create-legacy-session",
        })
        {
            stdout.ShouldContain(expected);
        }
    }

    [Fact]
    public async Task Help_NamesSettingsAsTheDocsDo_TheSignInMode_AndTheShortSignupSecretAsAWarning()
    {
        var (exitCode, stdout, stderr) = await ApiProcess.RunAsync(new Dictionary<string, string>(), "--help");

        exitCode.ShouldBe(0, stderr);
        stdout.ShouldContain("Auther__Audiences__0");
        stdout.ShouldNotMatch(@"Auther__Audience\b");
        stdout.ShouldContain("SignIn");
        stdout.ShouldContain("Auther__AdminEmail + Auther__AdminPassword");
        var signup = stdout.Split('\n').SkipWhile(l => !l.Contains("Auther__SignupSecret")).Take(2).ToList();
        System.Text.RegularExpressions.Regex.Replace(string.Join(' ', signup), @"\s+", " ").ShouldContain("shorter than 32 chars is allowed with a warning", Case.Insensitive);
        foreach (var verb in new[] { "migrate", "import-users", "reconcile", "sync", "create-legacy-session" })
        {
            stdout.ShouldContain(verb);
        }
    }

    [Fact]
    public async Task Version_PrintsTheVersion_AndExits0()
    {
        var (exitCode, stdout, stderr) = await ApiProcess.RunAsync(new Dictionary<string, string>(), "--version");

        exitCode.ShouldBe(0, stderr);
        stdout.Trim().ShouldMatch(@"^\d+\.\d+\.\d+");
    }
}
