using Microsoft.Extensions.Options;

namespace App.Api.Auther;

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

        if (!string.IsNullOrWhiteSpace(options.MetadataAddress) && !IsHttpUrl(options.MetadataAddress))
        {
            failures.Add("Auther:MetadataAddress must be an absolute http(s) URL (Auther__MetadataAddress).");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auther:Audience is required (set Auther__Audience or AUTHER_AUDIENCE).");
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
        else if (options.SignupSecret.Length < AutherOptions.MinimumSecretLength)
        {
            failures.Add($"Auther:SignupSecret is {options.SignupSecret.Length} characters; it must be at least {AutherOptions.MinimumSecretLength} (Auther__SignupSecret or AUTHER_SIGNUP_SECRET).");
        }

        switch (options.AdminAuth)
        {
            case AdminAuthMode.ApiKey when string.IsNullOrWhiteSpace(options.AdminApiKey):
                failures.Add("Auther:AdminApiKey is required when Auther:AdminAuth is ApiKey (set Auther__AdminApiKey or AUTHER_ADMIN_API_KEY).");
                break;
            case AdminAuthMode.SessionCookie when string.IsNullOrWhiteSpace(options.AdminSessionToken):
                failures.Add("Auther:AdminSessionToken is required when Auther:AdminAuth is SessionCookie (set Auther__AdminSessionToken).");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
