using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Oidc;

/// <summary>
/// <c>GET /api/auth/oauth2/userinfo</c> with <c>Authorization: Bearer &lt;access token&gt;</c> (one the token endpoint
/// issued, in either mode): <c>sub</c>, then the email and profile claims its scopes allow, as better-auth answers.
/// </summary>
internal static class UserInfoEndpoint
{
    public static IResult Handle(HttpRequest request, AutherDevCore core)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return Refuse("invalid_request", "authorization header not found");
        }

        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : authorization;
        if (core.OidcGrants.ByAccessToken(token) is not { } grant)
        {
            return Refuse("invalid_token", "invalid access token");
        }

        if (core.Users.Find(grant.UserId) is not { } user)
        {
            return Refuse("invalid_token", "user not found");
        }

        var email = grant.Scopes.Contains("email");
        var profile = grant.Scopes.Contains("profile");
        var names = user.Name.Split(' ');
        var claims = new Dictionary<string, object?>
        {
            ["sub"] = user.Id,
            ["email"] = email ? user.Email : null,
            ["name"] = profile ? user.Name : null,
            ["picture"] = profile ? user.Image : null,
            ["given_name"] = profile ? names[0] : null,
            ["family_name"] = profile && names.Length > 1 ? names[1] : null,
            ["email_verified"] = email ? user.EmailVerified : null,
        };
        // Absent, not null: better-auth's undefined members vanish from its JSON.
        return Results.Json(claims.Where(c => c.Value is not null).ToDictionary(), AutherJson.Options);
    }

    private static IResult Refuse(string error, string description) => OidcEndpoints.Error(401, new OAuthError(error, description));
}
