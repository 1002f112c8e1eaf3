using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace App.Api.IdentityProvider;

/// <summary>
/// The credential of the app's admin calls. In <see cref="AdminAuthMode.SignIn"/> it signs in as the service admin
/// (with the <c>Origin</c> Auther trusts), keeps the SIGNED <c>better-auth.session_token</c> cookie Auther sets, and
/// signs in again when a call is refused with 401 (the session ended: sign-out, password change, 7 idle days),
/// once for all concurrent callers: one process holds one session while it lives. The session it signed in is
/// signed out when the process is done (<see cref="SignOutAsync"/>: at host shutdown and at the end of a CLI verb),
/// so runs do not pile up live 7-day sessions in Auther. It remembers whether Auther last refused the credential,
/// and why, for /health/ready. Never logs the password or the cookie.
/// </summary>
public sealed class AdminSession(IHttpClientFactory httpClients, AutherResilience resilience, IOptions<AutherOptions> options,
    TimeProvider time, ILogger<AdminSession> logger)
{
    public const string HttpClientName = "auther-admin-sign-in";

    private readonly Lock _gate = new();
    private AdminCredential? _current;
    private Task<AdminCredential>? _signingIn;

    /// <summary>When Auther last refused the admin credential (401/403), or null once a call succeeds again.</summary>
    public DateTimeOffset? RefusedAt { get; private set; }

    public string? RefusalReason { get; private set; }

    public DateTimeOffset? LastSuccessAt { get; private set; }

    public AdminAuthMode Mode => options.Value.ResolvedAdminAuth;

    public ValueTask<AdminCredential> GetAsync(CancellationToken cancellationToken)
    {
        var auther = options.Value;
        return Mode switch
        {
            AdminAuthMode.ApiKey => ValueTask.FromResult(new AdminCredential(auther.AdminApiKey, null, false)),
            AdminAuthMode.SessionCookie => ValueTask.FromResult(new AdminCredential(null, $"{CookieName}={auther.AdminSessionToken}", false)),
            _ => _current is { } current ? ValueTask.FromResult(current) : new ValueTask<AdminCredential>(SignInAsync(null, cancellationToken)),
        };
    }

    /// <summary>Auther answered 401 to <paramref name="refused"/>: sign in again, unless another caller already did.</summary>
    public Task<AdminCredential> RenewAsync(AdminCredential refused, CancellationToken cancellationToken) => SignInAsync(refused, cancellationToken);

    public void Succeeded()
    {
        RefusedAt = null;
        RefusalReason = null;
        LastSuccessAt = time.GetUtcNow();
    }

    public void Refused(string reason)
    {
        RefusedAt = time.GetUtcNow();
        RefusalReason = reason;
    }

    /// <summary>deployed Auther names its cookie with the __Secure- prefix over https.</summary>
    public string CookieName => options.Value.BaseUri.Scheme == Uri.UriSchemeHttps ? "__Secure-better-auth.session_token" : "better-auth.session_token";

    private Task<AdminCredential> SignInAsync(AdminCredential? refused, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_current is { } current && !ReferenceEquals(current, refused))
            {
                return Task.FromResult(current);
            }

            _current = null;
            _signingIn ??= SignInOnceAsync();
            return _signingIn.WaitAsync(cancellationToken);
        }
    }

    private async Task<AdminCredential> SignInOnceAsync()
    {
        try
        {
            var credential = new AdminCredential(null, await PostSignInAsync(), true);
            lock (_gate)
            {
                _current = credential;
            }

            // A sign-in is an admin call that worked: /health/ready says so from the start.
            Succeeded();
            logger.LogInformation("Signed in to Auther as the service admin {Email}", options.Value.AdminEmail);
            return credential;
        }
        finally
        {
            lock (_gate)
            {
                _signingIn = null;
            }
        }
    }

    private async Task<string> PostSignInAsync()
    {
        var auther = options.Value;
        var http = httpClients.CreateClient(HttpClientName);
        http.BaseAddress = auther.BaseUri;
        HttpResponseMessage response;
        try
        {
            response = await resilience.AdminOnce.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/sign-in/email")
                {
                    Content = JsonContent.Create(new { email = auther.AdminEmail, password = auther.AdminPassword }),
                };
                request.Headers.Add("Origin", auther.ResolvedAdminOrigin);
                return await http.SendAsync(request, token);
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException
                                       or Polly.CircuitBreaker.BrokenCircuitException)
        {
            throw new AutherUnavailableException("Auther did not answer the service admin's sign-in.", TimeSpan.FromSeconds(5), ex);
        }

        using (response)
        {
            var cookie = response.IsSuccessStatusCode ? SessionCookie(response) : null;
            if (cookie is not null)
            {
                return cookie;
            }

            var status = (int)response.StatusCode;
            if (status is >= 500 or 429)
            {
                throw new AutherUnavailableException($"Auther answered {status} to the service admin's sign-in.", TimeSpan.FromSeconds(5));
            }

            var (code, message) = AutherAnswers.ParseError(await response.Content.ReadAsStringAsync());
            var reason = response.IsSuccessStatusCode
                ? "Auther's sign-in answer set no better-auth.session_token cookie"
                : $"Auther refused the service admin's sign-in ({status}{AutherAnswers.Reason(code, message)}): {Remedy(code)}";
            Refused(reason);
            logger.LogError("{Reason}", reason);
            throw new AutherRejectedException(StatusCodes.Status502BadGateway, "Identity provider configuration problem",
                "Auther refused this app's credentials; an operator must check the Auther settings.", "auther_configuration", code);
        }
    }

    /// <summary>What an operator does about a refused sign-in, by Auther's code.</summary>
    private string Remedy(string? code) => code switch
    {
        "BANNED_USER" => $"the service admin {options.Value.AdminEmail} is banned in Auther; unban it there or configure another admin",
        "EMAIL_NOT_VERIFIED" => $"the service admin {options.Value.AdminEmail} has not verified its email in Auther",
        _ => "check Auther:AdminEmail, Auther:AdminPassword and Auther:AdminOrigin",
    };

    /// <summary>
    /// Ends the session this process signed in, if any (SignIn mode only: a configured session token is the
    /// operator's). Bounded by <paramref name="timeout"/> and never throws: the process is leaving either way, and
    /// an unreachable Auther expires the session after 7 idle days.
    /// </summary>
    public async Task SignOutAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        AdminCredential? credential;
        lock (_gate)
        {
            credential = _current;
            _current = null;
        }

        if (credential is not { Renewable: true, Cookie: { } cookie })
        {
            return;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var http = httpClients.CreateClient(HttpClientName);
            http.BaseAddress = options.Value.BaseUri;
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/sign-out") { Content = JsonContent.Create(new { }) };
            request.Headers.Add("Cookie", cookie);
            request.Headers.Add("Origin", options.Value.ResolvedAdminOrigin);
            using var response = await http.SendAsync(request, limit.Token);
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("Signed the service admin {Email} out of Auther", options.Value.AdminEmail);
            }
            else
            {
                logger.LogWarning("Auther answered {Status} to the service admin's sign-out; the session expires after 7 idle days", (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            logger.LogWarning("The service admin could not sign out of Auther ({Error}); the session expires after 7 idle days", ex.Message);
        }
    }

    /// <summary>The signed cookie as Auther set it (<c>name=value</c>, the value still URL-encoded, as a browser sends it back).</summary>
    private static string? SessionCookie(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            return null;
        }

        foreach (var cookie in cookies)
        {
            var pair = cookie.Split(';', 2)[0].Trim();
            var name = pair.Split('=', 2)[0];
            if (name is "better-auth.session_token" or "__Secure-better-auth.session_token" && pair.Length > name.Length + 1)
            {
                return pair;
            }
        }

        return null;
    }
}
