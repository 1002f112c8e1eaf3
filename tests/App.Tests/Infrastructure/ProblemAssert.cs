using System.Text.Json;

namespace App.Tests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>
    /// Asserts an application/problem+json body with the given status and a title, and no empty code or detail;
    /// returns it for further checks.
    /// </summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, int status)
    {
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType.ShouldNotBeNull("an error without a Content-Type is not problem+json").MediaType.ShouldBe("application/problem+json");
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement.Clone();
        root.GetProperty("status").GetInt32().ShouldBe(status);
        // A title a person reads; a code a client switches on and a detail that says what to do, when the problem has them.
        root.TryGetProperty("title", out var title).ShouldBeTrue();
        title.GetString().ShouldNotBeNullOrWhiteSpace("a problem's title is empty");
        foreach (var name in new[] { "code", "detail" })
        {
            if (root.TryGetProperty(name, out var value))
            {
                value.GetString().ShouldNotBeNullOrWhiteSpace($"a problem's {name} is empty");
            }
        }

        return root;
    }
}
