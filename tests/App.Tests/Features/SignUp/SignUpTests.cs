using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using App.Tests.Infrastructure;
using App.Tests.Network;
using Auther.Dev;

namespace App.Tests.Features.SignUp;

/// <summary>The sign-up proxy: validated here, created in Auther with the internal secret.</summary>
public sealed class SignUpTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task SignUp_CreatesTheAccountInAuther_AndReturns201WithItsId()
    {
        var email = $"{Guid.NewGuid():N}@example.com";

        using var response = await api.CreateClient().PostAsJsonAsync("/api/auth/sign-up", new { email, password = "correct horse battery", name = "New Person" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var userId = body.RootElement.GetProperty("userId").GetString()!;
        api.Auther.FindUser(userId)!.Email.ShouldBe(email);
        body.RootElement.TryGetProperty("password", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task SignUp_WithAnEmailAutherAlreadyHas_Returns409()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        api.Auther.CreateUser(email);

        using var response = await api.CreateClient().PostAsJsonAsync("/api/auth/sign-up", new { email, password = "correct horse battery", name = "Twin" });

        (await ProblemAssert.IsProblemAsync(response, 409)).GetProperty("code").GetString().ShouldBe("user_exists");
    }

    [Fact]
    public async Task SignUp_WithBadInput_Returns400WithFieldErrors_AndNeverCallsAuther()
    {
        var before = api.Auther.Users.Count;

        using var response = await api.CreateClient().PostAsJsonAsync("/api/auth/sign-up", new { email = "not-an-email", password = "short", name = "" });

        var problem = await ProblemAssert.IsProblemAsync(response, 400);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["email", "password", "name"], ignoreOrder: true);
        api.Auther.Users.Count.ShouldBe(before);
    }

    [Fact]
    public async Task SignUp_WithMalformedJson_Returns400Problem()
    {
        using var response = await api.CreateClient().PostAsync("/api/auth/sign-up",
            new StringContent("{\"email\": \"a@b.c\", ", Encoding.UTF8, "application/json"));

        (await ProblemAssert.IsProblemAsync(response, 400)).GetProperty("title").GetString().ShouldBe("Malformed JSON body");
    }
}

/// <summary>The app's sign-up secret is not the one Auther expects: an operator's problem, never a 500.</summary>
public sealed class WrongSignupSecretFixture() : ApiFixture(new() { Settings = { ["Auther:SignupSecret"] = WrongSecret } })
{
    public const string WrongSecret = "a-different-secret-0123456789abcdef-0123";
}

public sealed class DeployedWrongSignupSecretFixture() : ApiFixture(new()
{
    Settings = { ["Auther:SignupSecret"] = WrongSignupSecretFixture.WrongSecret },
    Auther = o => o.Mode = AutherMode.Deployed,
});

public sealed class WrongSignupSecretTests(WrongSignupSecretFixture api) : IClassFixture<WrongSignupSecretFixture>
{
    [Fact]
    public async Task DocumentedAuther403_IsReportedAsAConfigurationProblem502() =>
        await SignUpFailsAsConfigurationProblemAsync(api);

    internal static async Task SignUpFailsAsConfigurationProblemAsync(ApiFixture api)
    {
        using var response = await api.CreateClient().PostAsJsonAsync("/api/auth/sign-up",
            new { email = $"{Guid.NewGuid():N}@example.com", password = "correct horse battery", name = "X" });

        var problem = await ProblemAssert.IsProblemAsync(response, 502);
        problem.GetProperty("title").GetString().ShouldBe("Identity provider configuration problem");
        problem.GetProperty("code").GetString().ShouldBe("auther_configuration");
    }
}

public sealed class DeployedWrongSignupSecretTests(DeployedWrongSignupSecretFixture api) : IClassFixture<DeployedWrongSignupSecretFixture>
{
    [Fact]
    public async Task DeployedAuther500WithAnEmptyBody_IsReportedAsAConfigurationProblem502() =>
        await WrongSignupSecretTests.SignUpFailsAsConfigurationProblemAsync(api);
}

public sealed class SignUpRateLimitTests(TwoCallsPerClientFixture api) : IClassFixture<TwoCallsPerClientFixture>
{
    [Fact]
    public async Task SignUp_BeyondThePerIpLimit_Returns429ProblemWithRetryAfter_WithoutCallingAuther()
    {
        using var client = api.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/auth/sign-up", new { email = "bad", password = "x", name = "" });
            allowed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        var before = api.Auther.Users.Count;
        using var limited = await client.PostAsJsonAsync("/api/auth/sign-up",
            new { email = $"{Guid.NewGuid():N}@example.com", password = "correct horse battery", name = "Late" });

        await ProblemAssert.IsProblemAsync(limited, 429);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        api.Auther.Users.Count.ShouldBe(before);
    }
}
