using Auther.Dev.Hosting;
using Auther.Dev.Tokens;

namespace Auther.Dev.Dashboard;

/// <summary><c>GET /</c> and the dashboard's "mint a token" button.</summary>
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
            return Results.Content(DashboardPage.RenderToken(user, token, core), "text/html; charset=utf-8");
        });
    }
}
