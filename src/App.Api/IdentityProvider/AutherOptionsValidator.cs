using Microsoft.Extensions.Options;

namespace App.Api.IdentityProvider;

/// <summary>
/// Start-up validation that names the setting at fault and both ways to set it, so a misconfigured
/// deployment stops with one readable line instead of failing on its first request.
/// </summary>
public sealed class AutherOptionsValidator : IValidateOptions<AutherOptions>
{
    public ValidateOptionsResult Validate(string? name, AutherOptions options)
    {
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Url))
        {
            failures.Add("Auther:Url is required (set Auther__Url or AUTHER_URL).");
        }
        else if (!IsHttpUrl(options.Url))
        {
            failures.Add("Auther:Url must be an absolute http(s) URL (Auther__Url or AUTHER_URL).");
        }

        if (!string.IsNullOrWhiteSpace(options.AdminOrigin) && !IsHttpUrl(options.AdminOrigin))
        {
            failures.Add("Auther:AdminOrigin must be an absolute http(s) URL, one of Auther's trusted origins (Auther__AdminOrigin).");
        }

        if (!string.IsNullOrWhiteSpace(options.MetadataAddress) && !IsHttpUrl(options.MetadataAddress))
        {
            failures.Add("Auther:MetadataAddress must be an absolute http(s) URL (Auther__MetadataAddress).");
        }

        if (options.ResolvedAudiences.Count == 0)
        {
            failures.Add("Auther:Audiences needs at least one audience: the session JWT audience and each OAuth client id (set Auther__Audiences__0 or AUTHER_AUDIENCE, comma-separated).");
        }

        foreach (var issuer in options.Issuers.Where(i => !string.IsNullOrWhiteSpace(i) && i.Trim() != i))
        {
            failures.Add($"Auther:Issuers has '{issuer}' with surrounding spaces: tokens compare it exactly (Auther__Issuers__N or AUTHER_ISSUER).");
        }

        var secrets = options.WebhookSecrets.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        if (secrets.Count == 0)
        {
            failures.Add("Auther:WebhookSecrets needs at least one secret (set Auther__WebhookSecrets__0 or AUTHER_INBOUND_WEBHOOK_SECRET).");
        }

        for (var i = 0; i < secrets.Count; i++)
        {
            if (secrets[i].Length < AutherOptions.MinimumSecretLength)
            {
                failures.Add($"Auther:WebhookSecrets:{i} is {secrets[i].Length} characters; it must be at least {AutherOptions.MinimumSecretLength} (Auther__WebhookSecrets__{i} or AUTHER_INBOUND_WEBHOOK_SECRET).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.SignupSecret))
        {
            failures.Add("Auther:SignupSecret is required (set Auther__SignupSecret or AUTHER_SIGNUP_SECRET).");
        }

        if (options.AdminAuth is { } mode && !Enum.IsDefined(mode))
        {
            failures.Add("Auther:AdminAuth must be ApiKey, SessionCookie or SignIn (Auther__AdminAuth or AUTHER_ADMIN_AUTH).");
        }

        if (!Enum.IsDefined(options.Flavor))
        {
            failures.Add("Auther:Flavor must be Auto, Documented or Deployed (Auther__Flavor).");
        }

        switch (options.ResolvedAdminAuth)
        {
            case AdminAuthMode.ApiKey when string.IsNullOrWhiteSpace(options.AdminApiKey):
                failures.Add("Auther:AdminApiKey is required when Auther:AdminAuth is ApiKey (set Auther__AdminApiKey or AUTHER_ADMIN_API_KEY).");
                break;
            case AdminAuthMode.SessionCookie when string.IsNullOrWhiteSpace(options.AdminSessionToken):
                failures.Add("Auther:AdminSessionToken is required when Auther:AdminAuth is SessionCookie (set Auther__AdminSessionToken or AUTHER_ADMIN_SESSION_TOKEN).");
                break;
            case AdminAuthMode.SignIn when string.IsNullOrWhiteSpace(options.AdminEmail):
                failures.Add("Auther:AdminEmail is required when Auther:AdminAuth is SignIn (set Auther__AdminEmail or AUTHER_ADMIN_EMAIL).");
                break;
            case AdminAuthMode.SignIn when string.IsNullOrWhiteSpace(options.AdminPassword):
                failures.Add("Auther:AdminPassword is required when Auther:AdminAuth is SignIn (set Auther__AdminPassword or AUTHER_ADMIN_PASSWORD).");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
