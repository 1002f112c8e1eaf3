using System.Net;
using System.Text.Json;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Users;

public sealed class SignUpTests(AutherFixture fixture) : IClassFixture<AutherFixture>
{
    [Fact]
    public async Task SignUp_WithTheSecret_CreatesTheUser_AndAnswersTokenNull()
    {
        var email = Unique();

        var response = await PostAsync(new { name = "Jane", email, password = "12345678" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("token").ValueKind.ShouldBe(JsonValueKind.Null);
        var id = body.GetProperty("user").GetProperty("id").GetString()!;
        id.Length.ShouldBe(32);
        fixture.Server.FindUser(id).ShouldNotBeNull().Email.ShouldBe(email);
    }

    [Fact]
    public async Task SignUp_DuplicateEmail_Answers422()
    {
        var email = Unique();
        await PostAsync(new { name = "Jane", email, password = "12345678" });

        var response = await PostAsync(new { name = "Jane Again", email = email.ToUpperInvariant(), password = "12345678" });

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.UnprocessableEntity, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL");
    }

    [Theory]
    [InlineData("not-an-email", "12345678", "INVALID_EMAIL")]
    [InlineData("ok@example.com", "1234567", "PASSWORD_TOO_SHORT")]
    public async Task SignUp_InvalidInput_Answers400WithTheCode(string email, string password, string code)
    {
        var response = await PostAsync(new { name = "X", email, password });

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task SignUp_TooLongPassword_Answers400()
    {
        var response = await PostAsync(new { name = "X", email = Unique(), password = new string('p', 129) });

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.BadRequest, "PASSWORD_TOO_LONG");
    }

    [Fact]
    public async Task SignUp_MalformedBody_Answers400ValidationError()
    {
        using var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Add("x-internal-signup-secret", TestAuther.SignupSecret);

        var response = await client.PostAsync("/api/auth/sign-up/email", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    public async Task SignUp_WithoutTheRightSecret_Answers403_InDocumentedMode(string? secret)
    {
        using var client = fixture.CreateClient();
        if (secret is not null)
        {
            client.DefaultRequestHeaders.Add("x-internal-signup-secret", secret);
        }

        var response = await client.PostAsJsonAsync("/api/auth/sign-up/email", new { name = "X", email = Unique(), password = "12345678" });

        await ErrorAssert.BetterAuthAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    private async Task<HttpResponseMessage> PostAsync(object body)
    {
        using var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Add("x-internal-signup-secret", TestAuther.SignupSecret);
        return await client.PostAsJsonAsync("/api/auth/sign-up/email", body);
    }

    private static string Unique() => $"u{Guid.NewGuid():N}@example.com";
}
