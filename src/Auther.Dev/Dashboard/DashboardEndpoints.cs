using Auther.Dev.Hosting;
using Auther.Dev.Tokens;

namespace Auther.Dev.Dashboard;

/// <summary><c>GET /</c> and the dashboard's "mint a token" and "id_token" buttons.</summary>
internal static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app, RouteGroupBuilder site)
    {
        app.MapGet("/", (AutherDevCore core) => Results.Content(DashboardPage.Render(core), "text/html; charset=utf-8"))
            .AddEndpointFilter<DevOnlyFilter>();
        site.MapPost("/users/{id}/token", (string id, AutherDevCore core) =>
        {
            var user = core.Users.Find(id);
            if (user is null)
            {
                return Results.NotFound();
            }

            var token = core.Tokens.Mint(new TokenRequest { UserId = id }).Token;
            return Results.Content(DashboardPage.RenderToken(user, token, "Access token", core), "text/html; charset=utf-8");
        });
        site.MapPost("/users/{id}/id-token/{clientId}", (string id, string clientId, AutherDevCore core) =>
        {
            if (core.Users.Find(id) is not { } user || core.Oidc.Client(clientId) is null)
            {
                return Results.NotFound();
            }

            var token = core.IssueIdToken(id, clientId);
            return Results.Content(DashboardPage.RenderToken(user, token, $"OIDC id_token for client {clientId}", core), "text/html; charset=utf-8");
        });
    }
}
