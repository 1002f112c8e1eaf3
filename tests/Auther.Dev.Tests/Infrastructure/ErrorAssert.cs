using System.Net;
using System.Text.Json;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>Checks Auther's two error bodies.</summary>
public static class ErrorAssert
{
    public static async Task BetterAuthAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.ShouldBe(status);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("code").GetString().ShouldBe(code);
        body.GetProperty("message").GetString().ShouldNotBeNullOrEmpty();
    }

    public static async Task AutherAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        response.StatusCode.ShouldBe(status);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("error").GetString().ShouldBe(error);
        body.GetProperty("message").GetString().ShouldNotBeNullOrEmpty();
    }
}
