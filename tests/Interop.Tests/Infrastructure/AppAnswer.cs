using System.Net;
using System.Text.Json.Nodes;

namespace Interop.Tests.Infrastructure;

/// <summary>What the app answered a bearer token on <c>GET /api/me</c>: status and the problem's <c>code</c>, if any.</summary>
public sealed record AppAnswer(HttpStatusCode Status, string? Code, string Body)
{
    public static async Task<AppAnswer> MeAsync(InteropFixture fixture, string token)
    {
        using var client = fixture.AppClient(token);
        using var response = await client.GetAsync("/api/me");
        var body = await response.Content.ReadAsStringAsync();
        var code = response.IsSuccessStatusCode || body.Length == 0 ? null : JsonNode.Parse(body)?["code"]?.GetValue<string>();
        return new AppAnswer(response.StatusCode, code, body);
    }
}
