using System.Net;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Cli;

/// <summary><c>serve</c>'s OAuth client and browser origin options, as run.sh passes them (secrets by environment).</summary>
public sealed class ServeOidcOptionsTests
{
    private const string WebOrigin = "http://localhost:5070";

    [Fact]
    public async Task ClientsSecretsAndOrigins_FromTheCommandLineAndEnvironment_AreWhatTheServerEnforces()
    {
        await using var serve = await ServeProcess.StartAsync(
            new Dictionary<string, string> { ["AUTHER_DEV_OIDC_CLIENT_SECRETS"] = "web=secret-from-env" },
            "--mode", "deployed", "--oidc-client", "web=http://127.0.0.1/cb", "--client", "spa=http://127.0.0.1/spa", "--cors-origin", WebOrigin);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = serve.BaseUrl };
        var cookie = await SignInAsync(client, serve);
        var web = new OidcFlow("web", "http://127.0.0.1/cb");
        var spa = new OidcFlow("spa", "http://127.0.0.1/spa");

        using var withoutSecret = await web.ExchangeAsync(client, await web.CodeAsync(client, cookie));
        using var withSecret = await web.ExchangeAsync(client, await web.CodeAsync(client, cookie), "secret-from-env");
        using var publicClient = await spa.ExchangeAsync(client, await spa.CodeAsync(client, cookie));
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/auth/oauth2/token");
        preflight.Headers.Add("Origin", WebOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var preflightAnswer = await client.SendAsync(preflight);

        withoutSecret.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        withSecret.StatusCode.ShouldBe(HttpStatusCode.OK, await withSecret.Content.ReadAsStringAsync());
        publicClient.StatusCode.ShouldBe(HttpStatusCode.OK, await publicClient.Content.ReadAsStringAsync());
        preflightAnswer.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([WebOrigin]);
    }

    [Fact]
    public async Task ASecretForAClientNotRegistered_StopsServe_WithOneLineNamingIt()
    {
        var (exit, output) = await CliProcess.RunAsync("serve", "--port", "0", "--oidc-client", "web=http://127.0.0.1/cb", "--oidc-client-secret", "nobody=s3cret");

        exit.ShouldBe(1);
        output.ShouldContain("nobody");
        output.ShouldNotContain("s3cret");
    }

    private static async Task<string> SignInAsync(HttpClient client, ServeProcess serve)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in/email", new { email = serve.Seed["ADMIN_EMAIL"], password = serve.Seed["ADMIN_PASSWORD"] });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }
}
