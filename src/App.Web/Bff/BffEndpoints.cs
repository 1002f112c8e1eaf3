using App.Web.Auth;
using App.Web.Errors;
using App.Web.Proxy;
using App.Web.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace App.Web.Bff;

/// <summary>
/// The BFF's own routes, as .NET BFFs name them: <c>GET /bff/login?returnUrl=</c> starts a sign-in at Auther,
/// <c>POST /bff/logout</c> ends the session, <c>GET /bff/user</c> tells the page who is signed in.
/// </summary>
public static class BffEndpoints
{
    public static RouteGroupBuilder MapBff(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/bff");
        group.MapGet("/login", Login);
        group.MapPost("/logout", Logout).AddEndpointFilter(Csrf.Filter);
        group.MapGet("/user", GetUser);
        return group;
    }

    /// <summary>
    /// Always goes to Auther, signed in or not: with a live Auther session the round trip is silent, which is how the
    /// page renews a session's id_token (Auther's refresh grant returns none).
    /// </summary>
    public static IResult Login(string? returnUrl)
    {
        if (returnUrl is not null && !LocalUrl.IsLocal(returnUrl))
        {
            return WebProblems.Result(StatusCodes.Status400BadRequest, "return_url_not_local", "Not a local address",
                "returnUrl must be a path on this site, such as /orgs.");
        }

        return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl ?? "/" }, [WebAuthenticationSetup.OidcScheme]);
    }

    /// <summary>
    /// Deletes the session (every copy of the cookie stops working) and tells the page where to end the Auther
    /// session: Auther has no end_session_endpoint, so the browser POSTs its sign-out itself.
    /// </summary>
    public static async Task<Ok<LogoutResponse>> Logout(HttpContext context, IOptions<AutherSettings> auther)
    {
        await context.SignOutAsync(WebAuthenticationSetup.CookieScheme);
        return TypedResults.Ok(new LogoutResponse(auther.Value.SignOutUrl));
    }

    /// <summary>The session's claims, as <c>{type, value}</c> pairs, plus the BFF's own <c>bff:*</c> entries; 401 when signed out.</summary>
    public static async Task<IResult> GetUser(HttpContext context, IOptions<ApiSettings> api, IOptions<SessionSettings> session,
        IOptions<AutherSettings> auther, TimeProvider time)
    {
        var result = await context.AuthenticateAsync(WebAuthenticationSetup.CookieScheme);
        if (!result.Succeeded)
        {
            return WebProblems.Result(StatusCodes.Status401Unauthorized, "signed_out", "Signed out", "You are signed out: sign in again.");
        }

        var now = time.GetUtcNow();
        var claims = result.Principal.Claims.Select(c => new UserClaim(c.Type, c.Value)).ToList();
        var token = ApiToken.Choose(result.Properties.GetTokenValue("access_token"), result.Properties.GetTokenValue("id_token"), api.Value.Audience);
        if (token is not null)
        {
            claims.Add(new UserClaim("bff:api_token", token.Kind));
            // The page renews (a silent sign-in round trip) once this reaches 0, before the API refuses the token.
            claims.Add(new UserClaim("bff:renew_in", Seconds(token.ExpiresAt - session.Value.RenewBefore - now)));
        }

        if (result.Properties.ExpiresUtc is { } expires)
        {
            claims.Add(new UserClaim("bff:session_expires_in", Seconds(expires - now)));
        }

        claims.Add(new UserClaim("bff:logout_url", "/bff/logout"));
        claims.Add(new UserClaim("bff:auther_sign_out_url", auther.Value.SignOutUrl));
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(claims);
    }

    private static string Seconds(TimeSpan span) =>
        ((long)Math.Max(0, Math.Floor(span.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record UserClaim(string Type, string Value);

/// <param name="AutherSignOutUrl">POST here from the browser (with credentials) to end the Auther session too.</param>
public sealed record LogoutResponse(string AutherSignOutUrl);
