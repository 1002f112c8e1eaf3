using System.Security.Claims;
using App.Api.Auth.Jwks;
using App.Api.Auth.Permissions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Api.Auth.Jwt;

/// <summary>
/// The app's side of JwtBearer: pre-checks and the verified-token cache before validation, the Principal
/// after it, one awaited JWKS refresh and a second validation of the SAME request when the kid is new,
/// and problem answers (401 with the reason in general terms; 503 when no keys could be had at all).
/// </summary>
public sealed class AutherJwtEvents(
    AutherJwks jwks,
    VerifiedTokenCache cache,
    IOptions<AuthOptions> options,
    IOptions<PermissionRegistryOptions> registry,
    AuthMetrics metrics,
    TimeProvider time) : JwtBearerEvents
{
    private const string CacheKeyItem = "auth.token.cacheKey";
    private const string TokenItem = "auth.token";
    private const string KidItem = "auth.token.kid";
    private const string BearerPrefix = "Bearer ";

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || header.Length == BearerPrefix.Length)
        {
            return Task.CompletedTask;
        }

        // Looked up as a slice of the header: the token becomes a string of its own only when it must be verified.
        var bearer = header.AsSpan(BearerPrefix.Length).Trim();
        var keys = jwks.Current;
        if (bearer.Length > options.Value.MaxTokenBytes)
        {
            Reject(context, TokenRejection.TooLarge);
            return Task.CompletedTask;
        }

        // A cached token passed the header checks when it was verified; the warm path skips them.
        var key = VerifiedTokenCache.KeyOf(bearer);
        if (cache.TryGet(key, keys) is { } principal)
        {
            metrics.Verified("ok_cached");
            context.Principal = principal;
            context.Success();
            return Task.CompletedTask;
        }

        var token = bearer.ToString();
        if (TokenPrecheck.Check(token, options.Value.MaxTokenBytes, keys, out var kid) is { } rejection)
        {
            Reject(context, rejection);
            return Task.CompletedTask;
        }

        context.Token = token;
        context.HttpContext.Items[CacheKeyItem] = key;
        context.HttpContext.Items[TokenItem] = token;
        context.HttpContext.Items[KidItem] = kid;
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        if (context.SecurityToken is not JsonWebToken jwt || context.Principal?.Identity is not ClaimsIdentity identity)
        {
            context.Fail(new TokenRejectedException(TokenRejection.Invalid));
            return Task.CompletedTask;
        }

        var principal = BuildPrincipal(context.HttpContext, jwt, identity, context.Scheme.Name, out var refused);
        if (principal is null)
        {
            Reject(context, refused);
            return Task.CompletedTask;
        }

        metrics.Verified("ok");
        context.Principal = principal;
        return Task.CompletedTask;
    }

    public override async Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        var failure = context.Exception is AggregateException aggregate ? aggregate.InnerExceptions[0] : context.Exception;
        if (failure is KeysUnavailableException)
        {
            // Must set a result: JwtBearer rethrows configuration-manager exceptions otherwise (a 500).
            metrics.Verified("keys_unavailable");
            context.Fail(failure);
            return;
        }

        // A kid the refreshed keys still lack is classified below, as unknown_kid.
        if (failure is SecurityTokenSignatureKeyNotFoundException && context.HttpContext.Items[TokenItem] is string token
            && context.HttpContext.Items[KidItem] is string kid && await RevalidateAfterRefreshAsync(context, token, kid))
        {
            return;
        }

        var rejection = Classify(failure);
        metrics.Verified(rejection.Reason);
        // Stryker disable once Statement: without a result JwtBearer fails with the validation exception itself, which the challenge classifies to this same rejection (counted above); only the handler's log of the failure message differs.
        context.Fail(new TokenRejectedException(rejection));
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failure = context.AuthenticateFailure is AggregateException aggregate ? aggregate.InnerExceptions[0] : context.AuthenticateFailure;
        if (failure is KeysUnavailableException)
        {
            await AuthProblems.WriteKeysUnavailableAsync(context.HttpContext, options.Value.KeysUnavailableRetryAfter);
            return;
        }

        await AuthProblems.WriteUnauthorizedAsync(context.HttpContext, failure is null ? null : Classify(failure));
    }

    /// <summary>First request after a key rotation: refresh once (shared, throttled) and validate this token again.</summary>
    private async Task<bool> RevalidateAfterRefreshAsync(AuthenticationFailedContext context, string token, string kid)
    {
        var keys = await jwks.RefreshForUnknownKidAsync(kid, context.HttpContext.RequestAborted);
        // Stryker disable once Logical: the keys are never null here (they were loaded for the first validation), and keys without the kid fail a second validation as unknown_kid anyway: the check only spares it.
        if (keys is null || !keys.Contains(kid))
        {
            return false;
        }

        var parameters = context.Options.TokenValidationParameters.Clone();
        parameters.IssuerSigningKeys = keys.Configuration.SigningKeys;
        // The configured issuers (always set, AuthenticationSetup) and the refreshed configuration's, as JwtBearer joins them.
        parameters.ValidIssuers = [.. parameters.ValidIssuers, keys.Configuration.Issuer];
        foreach (var handler in context.Options.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            if (!result.IsValid)
            {
                var rejection = Classify(result.Exception);
                metrics.Verified(rejection.Reason);
                context.Fail(new TokenRejectedException(rejection));
                return true;
            }

            if (result.SecurityToken is JsonWebToken jwt)
            {
                if (BuildPrincipal(context.HttpContext, jwt, result.ClaimsIdentity, context.Scheme.Name, out var refused) is not { } principal)
                {
                    Reject(context, refused);
                    return true;
                }

                metrics.Verified("ok");
                context.Principal = principal;
                context.Success();
                return true;
            }
        }

        // Stryker disable once Boolean: unreachable: JwtBearer's one token handler is a JsonWebTokenHandler, which either fails above or validates to a JsonWebToken.
        return false;
    }

    private ClaimsPrincipal? BuildPrincipal(HttpContext httpContext, JsonWebToken jwt, ClaimsIdentity identity, string scheme, out TokenRejection refused)
    {
        Principal principal;
        refused = TokenRejection.BadClaims;
        try
        {
            principal = TokenClaims.ToPrincipal(jwt, registry.Value);
        }
        catch (InvalidClaimsException)
        {
            return null;
        }

        if (TokenLifetime.Check(principal, time.GetUtcNow(), options.Value) is { } lifetime)
        {
            refused = lifetime;
            return null;
        }

        var claimsPrincipal = new ClaimsPrincipal(new PrincipalIdentity(identity.Claims, scheme, principal));
        if (httpContext.Items[CacheKeyItem] is UInt128 key)
        {
            cache.Add(key, claimsPrincipal, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), jwt.Kid);
        }

        return claimsPrincipal;
    }

    private void Reject(ResultContext<JwtBearerOptions> context, TokenRejection rejection)
    {
        metrics.Verified(rejection.Reason);
        context.Fail(new TokenRejectedException(rejection));
    }

    public static TokenRejection Classify(Exception? failure) => failure switch
    {
        TokenRejectedException rejected => rejected.Rejection,
        SecurityTokenExpiredException => TokenRejection.Expired,
        SecurityTokenNotYetValidException => TokenRejection.NotYetValid,
        SecurityTokenNoExpirationException => TokenRejection.NoExpiry,
        SecurityTokenSignatureKeyNotFoundException => TokenRejection.UnknownKey,
        SecurityTokenInvalidSignatureException => TokenRejection.BadSignature,
        SecurityTokenInvalidAudienceException => TokenRejection.BadAudience,
        SecurityTokenInvalidIssuerException => TokenRejection.BadIssuer,
        SecurityTokenInvalidAlgorithmException => TokenRejection.BadAlgorithm,
        SecurityTokenMalformedException or ArgumentException => TokenRejection.Malformed,
        _ => TokenRejection.Invalid,
    };
}
