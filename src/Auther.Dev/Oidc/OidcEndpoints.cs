using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Oidc;

/// <summary>
/// The oidc plugin's routes: authorize, token, userinfo, discovery, the error page, and (deployed mode, as the
/// deployed Auther allows it behind its sign-up secret) dynamic client registration. Plus a dev route that hands
/// out an id_token directly. No <c>end_session_endpoint</c>: better-auth 1.3.32 has none; clients sign out with
/// <c>POST /api/auth/sign-out</c>.
/// </summary>
internal static class OidcEndpoints
{
    public static void MapOidc(this IEndpointRouteBuilder app, RouteGroupBuilder dev, AutherDevOptions options)
    {
        app.MapGet(Routes.Discovery, OidcDiscovery.Answer);
        app.MapGet(Routes.RootDiscovery, OidcDiscovery.Answer);
        app.MapGet(AuthorizeEndpoint.Path, AuthorizeEndpoint.Handle);
        app.MapGet("/api/auth/error", AuthorizeEndpoint.ErrorPage);
        app.MapPost("/api/auth/oauth2/token", TokenEndpoint.HandleAsync).AddEndpointFilter<OriginCheckFilter>();
        app.MapGet("/api/auth/oauth2/userinfo", UserInfoEndpoint.Handle);
        if (options.Mode == AutherMode.Deployed)
        {
            app.MapPost(RegistrationEndpoint.Path, RegistrationEndpoint.HandleAsync).AddEndpointFilter<OriginCheckFilter>();
        }

        dev.MapPost("/id-token", DevIdToken);
    }

    /// <summary>An OAuth error body, <c>{"error_description","error"}</c> as better-auth orders it.</summary>
    public static IResult Error(int status, OAuthError error) =>
        Results.Json(new Dictionary<string, string> { ["error_description"] = error.Description, ["error"] = error.Error }, AutherJson.Options, statusCode: status);

    private static async Task<IResult> DevIdToken(HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadAsync<IdTokenBody>(request);
        if (body?.UserId is null || body.ClientId is null)
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error ?? "userId and clientId are required");
        }

        return Results.Json(new { idToken = core.IssueIdToken(body.UserId, body.ClientId, body.Nonce) }, AutherJson.Options);
    }

    private sealed record IdTokenBody(string? UserId, string? ClientId, string? Nonce);
}
