using System.Net;
using System.Text;
using App.Tests.Infrastructure;

namespace App.Tests.StorableText;

/// <summary>
/// The charset of a JSON body: every spelling of UTF-8 is read, anything else is a 415 problem, on anonymous
/// and authenticated endpoints alike (the whole route table is swept in <see cref="App.Tests.Errors.HostileInputTests"/>).
/// </summary>
public sealed class JsonCharsetTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json;charset=\"UTF8\"")]
    [InlineData("application/json; charset=utf-8; foo=bar")]
    public async Task SignUp_WithAnySpellingOfUtf8_IsRead(string contentType)
    {
        var email = $"{Guid.NewGuid():N}@example.com";

        using var response = await api.CreateClient().SendAsync(Post("/api/auth/sign-up",
            $$"""{"email":"{{email}}","password":"correct horse battery","name":"Zoë"}""", contentType));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        api.Auther.Users.Single(u => u.Email == email).Name.ShouldBe("Zoë");
    }

    [Theory]
    [InlineData("application/json; charset=utf-7")]
    [InlineData("application/json; charset=x")]
    [InlineData("application/json; charset=\"\"")]
    [InlineData("application/json; charset=\"latin1\"")]
    public async Task SignUp_WithAnotherCharset_Is415Problem_AndNeverReachesAuther(string contentType)
    {
        var before = api.Auther.RequestCount("/api/auth/sign-up/email");

        using var response = await api.CreateClient().SendAsync(Post("/api/auth/sign-up",
            """{"email":"a@example.com","password":"correct horse battery","name":"A"}""", contentType));

        (await ProblemAssert.IsProblemAsync(response, 415)).GetProperty("code").GetString().ShouldBe("unsupported_charset");
        api.Auther.RequestCount("/api/auth/sign-up/email").ShouldBe(before);
    }

    [Fact]
    public async Task AnEmptyCharset_Is415Problem()
    {
        using var response = await api.CreateClient().SendAsync(Post("/api/auth/sign-up", "{}", "application/json; charset="));

        await ProblemAssert.IsProblemAsync(response, 415);
    }

    [Fact]
    public async Task AnAuthenticatedEndpoint_WithAQuotedUtf8Charset_Creates()
    {
        var caller = await api.SignedInAsync(TestData.NewUserId());
        var slug = Callers.NewSlug();

        using var response = await caller.SendAsync(Post("/api/orgs", $$"""{"slug":"{{slug}}","name":"Quoted"}""", "application/json; charset=\"utf-8\""));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static HttpRequestMessage Post(string path, string json, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType).ShouldBeTrue();
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }
}
