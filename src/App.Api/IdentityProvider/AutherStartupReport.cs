using Microsoft.Extensions.Options;

namespace App.Api.IdentityProvider;

/// <summary>
/// Says at start-up, one line each, how the app talks to Auther (admin mode, what its check-permission can judge)
/// and warns about a short sign-up secret. In SignIn mode it signs in at once, so a wrong password shows on
/// /health/ready before any admin call needs it.
/// </summary>
public sealed class AutherStartupReport(IOptions<AutherOptions> options, AdminSession session, ILogger<AutherStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var auther = options.Value;
        logger.LogInformation("Auther admin calls: {Mode}", auther.ResolvedAdminAuth switch
        {
            AdminAuthMode.SignIn => $"SignIn as {auther.AdminEmail} (signed session cookie, signed in again on a 401)",
            AdminAuthMode.SessionCookie => "SessionCookie (the configured signed better-auth.session_token; it lives 7 days from its last use)",
            _ => "ApiKey (x-api-key)",
        });
        logger.LogInformation("Auther flavor: {Flavor}", auther.ResolvedFlavor == AutherFlavor.Deployed
            ? "Deployed: its check-permission judges only its caller, so approvals that need Auther's judgement are refused (fail closed)"
            : "Documented: check-permission judges the user it is asked about");
        if (auther.SignupSecret is { Length: < AutherOptions.MinimumSecretLength } secret)
        {
            logger.LogWarning("Auther:SignupSecret has {Length} characters (fewer than {Minimum}): use a long random PAYLOAD_CLIENT_SECRET in Auther and here",
                secret.Length, AutherOptions.MinimumSecretLength);
        }

        if (auther.ResolvedAdminAuth == AdminAuthMode.SignIn)
        {
            _ = WarmUpAsync();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WarmUpAsync()
    {
        try
        {
            await session.GetAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is AutherUnavailableException or AutherRejectedException)
        {
            logger.LogWarning("The service admin could not sign in to Auther yet ({Error}); the next admin call tries again", ex.Message);
        }
    }
}
