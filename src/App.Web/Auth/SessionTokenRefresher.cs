using System.Net.Http.Headers;
using System.Text.Json;
using App.AutherKeys;
using App.Web.Proxy;
using App.Web.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace App.Web.Auth;

/// <summary>
/// Renews the API token with the refresh token shortly before it expires, when the API token is the access token
/// (documented Auther). Deployed Auther's refresh returns no id_token, and the id_token is what its sessions send to
/// the API, so there the page renews by a silent sign-in round trip instead (see /bff/user's renew time).
/// Runs on the cookie handler's principal check; the renewed tokens go back to the session row.
/// </summary>
public sealed class SessionTokenRefresher(
    IHttpClientFactory httpClients, AutherOidcConfiguration oidc, IOptions<AutherSettings> auther, IOptions<ApiSettings> api,
    IOptions<SessionSettings> session, TimeProvider time, ILogger<SessionTokenRefresher> logger)
{
    public const string HttpClientName = "auther-token";

    public async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var properties = context.Properties;
        var refreshToken = properties.GetTokenValue("refresh_token");
        var current = ApiToken.Choose(properties.GetTokenValue("access_token"), properties.GetTokenValue("id_token"), api.Value.Audience);
        if (refreshToken is null || current is not { Kind: ApiToken.AccessToken } || current.ExpiresAt - time.GetUtcNow() > session.Value.RenewBefore)
        {
            return;
        }

        var renewed = await RefreshAsync(refreshToken, context.HttpContext.RequestAborted);
        if (renewed is null)
        {
            return;
        }

        var tokens = properties.GetTokens().ToDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);
        foreach (var (name, value) in renewed)
        {
            tokens[name] = value;
        }

        properties.StoreTokens(tokens.Select(t => new AuthenticationToken { Name = t.Key, Value = t.Value }));
        context.ShouldRenew = true;
    }

    private async Task<Dictionary<string, string>?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var settings = auther.Value;
        try
        {
            var configuration = await oidc.GetConfigurationAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(
                System.Text.Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(settings.ClientId!)}:{Uri.EscapeDataString(settings.ClientSecret!)}")));
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogInformation("Auther refused to refresh a session's token ({Status}); it signs in again when the token expires", (int)response.StatusCode);
                return null;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var renewed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in new[] { "access_token", "refresh_token", "id_token", "token_type" })
            {
                if (body.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    renewed[name] = value.GetString()!;
                }
            }

            if (body.RootElement.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds))
            {
                renewed["expires_at"] = (time.GetUtcNow() + TimeSpan.FromSeconds(seconds)).ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            }

            return renewed.ContainsKey("access_token") ? renewed : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidOperationException
                                       or TaskCanceledException)
        {
            logger.LogWarning("Refreshing a session's token failed: {Error}", ex.Message);
            return null;
        }
    }
}
