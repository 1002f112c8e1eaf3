using System.Text.Json;

namespace App.Tests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>Asserts an application/problem+json body with the given status; returns it for further checks.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, int status)
    {
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType.ShouldNotBeNull("an error without a Content-Type is not problem+json").MediaType.ShouldBe("application/problem+json");
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement.Clone();
        root.GetProperty("status").GetInt32().ShouldBe(status);
        root.TryGetProperty("title", out _).ShouldBeTrue();
        return root;
    }
}
