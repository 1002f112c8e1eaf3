using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Api.IdentityProvider;
using App.Tests.Infrastructure;
using Auther.Dev;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Serilog.Core;

namespace App.Tests.Features.SignUp;

/// <summary>
/// Auther slow on sign-up alone: while a sign-up request is held, the local Auther delays it past the app's
/// SignUpTimeout (the app gives up, so the held request is aborted); every other request is answered at once, as
/// the email lookup that follows must be. Each class owns its fixture: the sign-up breaker is per instance.
/// </summary>
public class SlowSignUpFixture : ApiFixture
{
    public SlowSignUpFixture()
        : this(new TestClock(DateTimeOffset.UtcNow))
    {
    }

    private SlowSignUpFixture(TestClock autherClock)
        : base(new()
        {
            Settings =
            {
                ["Auther:Client:SignUpTimeout"] = "00:00:00.500",
                ["Auther:Client:AdminTimeout"] = "00:00:03",
                ["Auther:Client:BreakDuration"] = "00:00:30",
            },
            Auther = o => o.TimeProvider = autherClock,
        }) =>
        AutherClock = autherClock;

    /// <summary>Auther's clock (the app keeps the real one): set it to now before creating a user meant to be new.</summary>
    public TestClock AutherClock { get; }

    public const string SignUpPath = "/api/auth/sign-up/email";

    /// <summary>From now on sign-ups are slow; <paramref name="onSignUp"/> runs as each arrives (Auther creating the account).</summary>
    public void SlowSignUps(Action? onSignUp = null) =>
        Auther.RequestObserver = path =>
        {
            var signUp = path == SignUpPath;
            if (signUp)
            {
                onSignUp?.Invoke();
            }

            Auther.ResponseDelay = signUp ? TimeSpan.FromSeconds(3) : TimeSpan.Zero;
        };

    public static Task<HttpResponseMessage> SignUpAsync(HttpClient client, string email) =>
        client.PostAsJsonAsync("/api/auth/sign-up", new { email, password = "correct horse battery", name = "Slow Person" });
}

public sealed class SlowSignUpCreatedFixture : SlowSignUpFixture;

public sealed class SlowSignUpMissingFixture : SlowSignUpFixture;

public sealed class SlowSignUpCreatedTests(SlowSignUpCreatedFixture api) : IClassFixture<SlowSignUpCreatedFixture>
{
    [Fact]
    public async Task ASignUpAutherAnsweredTooLate_ButWhoseAccountExists_Returns201WithThatAccount()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        string? createdId = null;
        var signUpsBefore = api.Auther.RequestCount(SlowSignUpFixture.SignUpPath);
        api.AutherClock.Now = DateTimeOffset.UtcNow;
        api.SlowSignUps(() => createdId = api.Auther.CreateUser(email, "Slow Person").Id);

        using var response = await SlowSignUpFixture.SignUpAsync(api.CreateClient(), email);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("userId").GetString().ShouldBe(createdId);
        body.RootElement.GetProperty("email").GetString().ShouldBe(email);
        response.Headers.Location!.ToString().ShouldBe($"/api/users/{createdId}");
        api.Auther.RequestCount(SlowSignUpFixture.SignUpPath).ShouldBe(signUpsBefore + 1);
    }

    [Fact]
    public async Task ASlowSignUpForAnEmailThatExistedBefore_Returns409()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        api.AutherClock.Now = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10);
        api.Auther.CreateUser(email, "Earlier Person");
        api.AutherClock.Now = DateTimeOffset.UtcNow;
        api.SlowSignUps();

        using var response = await SlowSignUpFixture.SignUpAsync(api.CreateClient(), email);

        (await ProblemAssert.IsProblemAsync(response, 409)).GetProperty("code").GetString().ShouldBe("user_exists");
    }
}

public sealed class SlowSignUpMissingTests(SlowSignUpMissingFixture api) : IClassFixture<SlowSignUpMissingFixture>
{
    [Fact]
    public async Task SlowSignUpsWithNoAccount_Answer503Unconfirmed_AndOpenOnlyTheSignUpBreaker()
    {
        var resilience = api.Services.GetRequiredService<AutherResilience>();
        api.SlowSignUps();
        using var client = api.CreateClient();

        using (var first = await SlowSignUpFixture.SignUpAsync(client, $"{Guid.NewGuid():N}@example.com"))
        {
            var problem = await ProblemAssert.IsProblemAsync(first, 503);
            problem.GetProperty("code").GetString().ShouldBe("sign_up_unconfirmed");
            problem.GetProperty("detail").GetString()!.ShouldContain("may or may not exist");
            first.Headers.RetryAfter.ShouldNotBeNull();
        }

        for (var i = 0; i < 6; i++)
        {
            using var more = await SlowSignUpFixture.SignUpAsync(client, $"{Guid.NewGuid():N}@example.com");
            await ProblemAssert.IsProblemAsync(more, 503);
        }

        resilience.SignUpCircuit.ShouldBe(CircuitState.Open);
        resilience.AdminCircuit.ShouldBe(CircuitState.Closed);
        // The poll's and the admin calls' path to Auther is still open.
        await using var scope = api.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<AutherClient>().ListUsersAsync(1, 0, CancellationToken.None);
        page.Total.ShouldBeGreaterThanOrEqualTo(0);
    }
}

/// <summary>Deployed Auther refusing the app's sign-up secret (500, empty body), with every log event recorded.</summary>
public sealed class DeployedWrongSecretLogFixture() : ApiFixture(new()
{
    Settings = { ["Auther:SignupSecret"] = WrongSignupSecretFixture.WrongSecret },
    Auther = o => o.Mode = AutherMode.Deployed,
})
{
    public RecordingLogSink Log { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(Log);
}

public sealed class SignUpConfigurationErrorTests(DeployedWrongSecretLogFixture api) : IClassFixture<DeployedWrongSecretLogFixture>
{
    [Fact]
    public async Task AutherAnswering500ToEverySignUp_OpensNoBreaker_AndIsLoggedAsAnErrorOnce()
    {
        var resilience = api.Services.GetRequiredService<AutherResilience>();
        using var client = api.CreateClient();

        for (var i = 0; i < 8; i++)
        {
            using var response = await SlowSignUpFixture.SignUpAsync(client, $"{Guid.NewGuid():N}@example.com");
            (await ProblemAssert.IsProblemAsync(response, 502)).GetProperty("code").GetString().ShouldBe("auther_configuration");
        }

        api.Auther.RequestCount(SlowSignUpFixture.SignUpPath).ShouldBe(8);
        resilience.SignUpCircuit.ShouldBe(CircuitState.Closed);
        resilience.AdminCircuit.ShouldBe(CircuitState.Closed);
        api.Log.Events.Count(e => e.MessageTemplate.Text.StartsWith("Auther refused the app's credentials", StringComparison.Ordinal)).ShouldBe(1);
    }
}
