using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace App.Api.IdentityProvider;

/// <summary>
/// Every call the app makes to Auther (docs/auther-contract.md, Calls the app makes), through one typed HttpClient:
/// admin authentication by API key or admin session cookie (<see cref="AdminSession"/>; a refused signed-in session
/// is renewed once), per-call timeouts, retries only where repeating is
/// harmless, a shared circuit breaker, and Auther's answers mapped to the app's problems. Never logs the
/// API key, the session token or a password.
/// </summary>
public sealed class AutherClient(
    HttpClient http,
    AutherResilience resilience,
    AdminSession session,
    IOptions<AutherOptions> options,
    ILogger<AutherClient> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Bans the user; <paramref name="expiresInSeconds"/> (better-auth's <c>banExpiresIn</c>) ends the ban, none: until lifted.</summary>
    public async Task<AutherUser> BanUserAsync(string userId, string? reason, CancellationToken cancellationToken, long? expiresInSeconds = null)
    {
        // better-auth's banExpiresIn is an optional number: sent only when there is one, never as null.
        object body = expiresInSeconds is { } seconds ? new { userId, banReason = reason, banExpiresIn = seconds } : new { userId, banReason = reason };
        using var response = await SendAdminAsync(resilience.AdminRepeatable, HttpMethod.Post, "api/auth/admin/ban-user", body, "ban-user", cancellationToken);
        return (await AutherAnswers.ReadAsync<AutherUserEnvelope>(response, "ban-user", logger, cancellationToken)).User;
    }

    public async Task<AutherUser> UnbanUserAsync(string userId, CancellationToken cancellationToken)
    {
        using var response = await SendAdminAsync(resilience.AdminRepeatable, HttpMethod.Post, "api/auth/admin/unban-user", new { userId }, "unban-user", cancellationToken);
        return (await AutherAnswers.ReadAsync<AutherUserEnvelope>(response, "unban-user", logger, cancellationToken)).User;
    }

    public async Task<AutherUser> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAdminAsync(resilience.AdminOnce, HttpMethod.Post, "api/auth/admin/create-user", request, "create-user", cancellationToken);
        return (await AutherAnswers.ReadAsync<AutherUserEnvelope>(response, "create-user", logger, cancellationToken)).User;
    }

    public async Task RemoveUserAsync(string userId, CancellationToken cancellationToken)
    {
        using var response = await SendAdminAsync(resilience.AdminOnce, HttpMethod.Post, "api/auth/admin/remove-user", new { userId }, "remove-user", cancellationToken);
    }

    public Task<AutherUserPage> ListUsersAsync(int limit, int offset, CancellationToken cancellationToken) =>
        ListUsersAsync($"limit={limit}&offset={offset}", cancellationToken);

    /// <summary>A page of users most recently changed first (better-auth's <c>sortBy</c>/<c>sortDirection</c>).</summary>
    public Task<AutherUserPage> ListRecentlyUpdatedUsersAsync(int limit, int offset, CancellationToken cancellationToken) =>
        ListUsersAsync($"limit={limit}&offset={offset}&sortBy=updatedAt&sortDirection=desc", cancellationToken);

    /// <summary>One user by id (list-users filtered on <c>id</c>), or null when Auther has no such user.</summary>
    public async Task<AutherUser?> FindUserAsync(string userId, CancellationToken cancellationToken) =>
        (await ListUsersAsync($"limit=1&filterField=id&filterOperator=eq&filterValue={Uri.EscapeDataString(userId)}", cancellationToken))
        .Users.FirstOrDefault(u => u.Id == userId);

    private Task<AutherUserPage> ListUsersAsync(string query, CancellationToken cancellationToken) =>
        ListUsersAsync(resilience.AdminRepeatable, query, cancellationToken);

    private async Task<AutherUserPage> ListUsersAsync(ResiliencePipeline<HttpResponseMessage> pipeline, string query, CancellationToken cancellationToken)
    {
        using var response = await SendAdminAsync(pipeline, HttpMethod.Get, $"api/auth/admin/list-users?{query}", null, "list-users", cancellationToken);
        return await AutherAnswers.ReadAsync<AutherUserPage>(response, "list-users", logger, cancellationToken);
    }

    /// <summary>
    /// Proxies a sign-up with the internal secret. Never retried: it would create the account twice. When Auther
    /// does not answer in time it may still have created the account, so the app looks the email up before it
    /// answers: found means created; not found (or no answer to the lookup either) means "unknown", never "failed".
    /// </summary>
    public async Task<AutherUser> SignUpAsync(string name, string email, string password, CancellationToken cancellationToken)
    {
        var startedAt = resilience.Time.GetUtcNow();
        HttpResponseMessage answer;
        try
        {
            answer = await SendRawAsync(resilience.SignUp, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/sign-up/email")
                {
                    Content = JsonContent.Create(new { name, email, password }, options: Json),
                };
                request.Headers.Add("x-internal-signup-secret", options.Value.SignupSecret);
                return request;
            }, "sign-up", cancellationToken);
        }
        catch (AutherUnavailableException ex) when (MayHaveReachedAuther(ex.InnerException) && !cancellationToken.IsCancellationRequested)
        {
            return await FindSignedUpAsync(email, startedAt, ex, cancellationToken);
        }

        using var response = await EnsureSuccessAsync(answer, "sign-up", cancellationToken);
        resilience.SignUpAccepted();
        return (await AutherAnswers.ReadAsync<SignUpResult>(response, "sign-up", logger, cancellationToken)).User;
    }

    /// <summary>No answer in time, or the connection dropped after the request went out: Auther may have acted.</summary>
    private static bool MayHaveReachedAuther(Exception? failure) => failure switch
    {
        TimeoutRejectedException or OperationCanceledException or IOException => true,
        HttpRequestException http => http.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError),
        _ => false,
    };

    /// <summary>
    /// Whether the sign-up that timed out created the account: list-users by email. An account created before this
    /// sign-up started (a minute's leeway for clocks) is someone's earlier account, answered as Auther would have.
    /// </summary>
    private async Task<AutherUser> FindSignedUpAsync(string email, DateTimeOffset startedAt, AutherUnavailableException timedOut,
        CancellationToken cancellationToken)
    {
        AutherUser? user = null;
        try
        {
            var page = await ListUsersAsync(resilience.SignUpLookup,
                $"limit=5&filterField=email&filterOperator=eq&filterValue={Uri.EscapeDataString(email.ToLowerInvariant())}", cancellationToken);
            user = page.Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception ex) when (ex is AutherUnavailableException or AutherRejectedException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Auther did not answer a sign-up in time, and the lookup of its email failed too: {Error}", ex.Message);
        }

        if (user is { CreatedAt: { } createdAt } && createdAt < startedAt - TimeSpan.FromMinutes(1))
        {
            throw new AutherRejectedException(StatusCodes.Status409Conflict, "A user with this email already exists",
                "An account with this email already existed before this sign-up.", "user_exists", null);
        }

        if (user is not null)
        {
            logger.LogInformation("Auther did not answer a sign-up in time but created the account {UserId}", user.Id);
            return user;
        }

        throw new AutherUnavailableException(
            "Auther did not answer the sign-up in time, and whether it created the account could not be confirmed: the account " +
            "may or may not exist. Try signing in later; sign up again only if signing in says the account does not exist.",
            UnconfirmedRetryAfter, timedOut) { Code = "sign_up_unconfirmed" };
    }

    /// <summary>How long a caller should wait before trying to sign in after an unconfirmed sign-up.</summary>
    private static readonly TimeSpan UnconfirmedRetryAfter = TimeSpan.FromSeconds(30);

    public async Task<bool> CheckPermissionAsync(CheckPermissionRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAdminAsync(resilience.CheckPermission, HttpMethod.Post, "api/auth/check-permission", request, "check-permission", cancellationToken);
        return (await AutherAnswers.ReadAsync<CheckPermissionResponse>(response, "check-permission", logger, cancellationToken)).Allowed;
    }

    /// <summary>
    /// An admin call with the current admin credential. A 401 to a signed-in session means the session ended in
    /// Auther: sign in again (shared by concurrent callers) and repeat the call once.
    /// </summary>
    private async Task<HttpResponseMessage> SendAdminAsync(ResiliencePipeline<HttpResponseMessage> pipeline, HttpMethod method, string path,
        object? body, string call, CancellationToken cancellationToken)
    {
        var credential = await CredentialFor(call, cancellationToken);
        var response = await SendRawAsync(pipeline, () => Admin(method, path, body, credential), call, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && credential.Renewable)
        {
            response.Dispose();
            logger.LogInformation("Auther refused the service admin's session on {Call}; signing in again", call);
            credential = await session.RenewAsync(credential, cancellationToken);
            response = await SendRawAsync(pipeline, () => Admin(method, path, body, credential), call, cancellationToken);
        }

        return await EnsureSuccessAsync(response, call, cancellationToken);
    }

    /// <summary>Deployed Auther's check-permission wants the API key even where its admin routes want a session.</summary>
    private ValueTask<AdminCredential> CredentialFor(string call, CancellationToken cancellationToken) =>
        call == "check-permission" && !string.IsNullOrWhiteSpace(options.Value.AdminApiKey)
            ? ValueTask.FromResult(new AdminCredential(options.Value.AdminApiKey, null, false))
            : session.GetAsync(cancellationToken);

    private HttpRequestMessage Admin(HttpMethod method, string path, object? body, AdminCredential credential)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (credential.Cookie is { } cookie)
        {
            request.Headers.Add("Cookie", cookie);
            request.Headers.Add("Origin", options.Value.ResolvedAdminOrigin);
        }
        else
        {
            request.Headers.Add("x-api-key", credential.ApiKey);
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(
        ResiliencePipeline<HttpResponseMessage> pipeline, Func<HttpRequestMessage> createRequest, string call, CancellationToken cancellationToken) =>
        await EnsureSuccessAsync(await SendRawAsync(pipeline, createRequest, call, cancellationToken), call, cancellationToken);

    private async Task<HttpResponseMessage> SendRawAsync(
        ResiliencePipeline<HttpResponseMessage> pipeline, Func<HttpRequestMessage> createRequest, string call, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                using var request = createRequest();
                return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            }, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new AutherUnavailableException("Calls to Auther are paused after repeated failures; try again shortly.",
                ex.RetryAfter ?? resilience.BreakDuration, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or IOException ||
                                   (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Auther {Call} failed: {Error}", call, ex.Message);
            throw new AutherUnavailableException($"Auther did not answer the {call} call.", TimeSpan.FromSeconds(5), ex);
        }
    }

    private async Task<HttpResponseMessage> EnsureSuccessAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            if (call is not ("sign-up" or "check-permission"))
            {
                session.Succeeded();
            }

            return response;
        }

        using (response)
        {
            throw await MapFailureAsync(response, call, cancellationToken);
        }
    }

    private async Task<Exception> MapFailureAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var (code, message) = AutherAnswers.ParseError(body);
        var status = (int)response.StatusCode;

        if (code == "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL" || code == "USER_ALREADY_EXISTS")
        {
            return new AutherRejectedException(StatusCodes.Status409Conflict, "A user with this email already exists",
                message, "user_exists", code);
        }

        if (status is 401 or 403 || (call == "sign-up" && status == 500 && string.IsNullOrWhiteSpace(body)))
        {
            // Our own credentials (API key, admin session, sign-up secret) are wrong: an operator must fix configuration.
            // A refused sign-up secret is logged once until a sign-up succeeds: every visitor would repeat it.
            if (call != "sign-up" || resilience.SignUpRefusedNewly())
            {
                logger.LogError("Auther refused the app's credentials on {Call} ({Status} {Code}): check Auther settings", call, status, code);
            }

            if (call is not ("sign-up" or "check-permission"))
            {
                session.Refused($"Auther refused the app's {session.Mode} admin credential on {call} ({status}{AutherAnswers.Reason(code, message)})");
            }

            return new AutherRejectedException(StatusCodes.Status502BadGateway, "Identity provider configuration problem",
                "Auther refused this app's credentials; an operator must check the Auther settings.", "auther_configuration", code);
        }

        return status switch
        {
            404 => new AutherRejectedException(StatusCodes.Status404NotFound, "Not found in the identity provider", message, "auther_not_found", code),
            400 or 422 => new AutherRejectedException(StatusCodes.Status422UnprocessableEntity, "The identity provider rejected the request",
                message, "auther_validation", code),
            429 => new AutherUnavailableException("Auther is rate limiting this app.", response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5)),
            >= 500 => Upstream(call, status, code),
            _ => new AutherRejectedException(StatusCodes.Status502BadGateway, "Unexpected answer from the identity provider",
                $"Auther answered {status} to {call}.", "auther_error", code),
        };
    }

    private AutherRejectedException Upstream(string call, int status, string? code)
    {
        logger.LogWarning("Auther {Call} answered {Status} {Code}", call, status, code);
        return new AutherRejectedException(StatusCodes.Status502BadGateway, "The identity provider failed",
            $"Auther answered {status} to {call}.", "auther_error", code);
    }

    public static bool IsNotFound(Exception ex) => ex is AutherRejectedException { Status: (int)HttpStatusCode.NotFound };
}
