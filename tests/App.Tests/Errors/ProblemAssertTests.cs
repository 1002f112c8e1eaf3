using System.Net;
using System.Text;
using App.Tests.Infrastructure;

namespace App.Tests.Errors;

/// <summary>The shared assertion itself must be able to fail, or every test built on it proves nothing.</summary>
public sealed class ProblemAssertTests
{
    [Fact]
    public async Task ABodyWithoutAContentType_IsNotAProblem()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"status":400,"title":"Bad"}""")),
        };

        // Record, not Should.Throw: Shouldly passes its own assertion exceptions through as failures.
        (await Record.ExceptionAsync(() => ProblemAssert.IsProblemAsync(response, 400))).ShouldBeOfType<ShouldAssertException>();
    }

    [Fact]
    public async Task PlainJson_IsNotAProblem()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("""{"status":400,"title":"Bad"}""", Encoding.UTF8, "application/json"),
        };

        // Record, not Should.Throw: Shouldly passes its own assertion exceptions through as failures.
        (await Record.ExceptionAsync(() => ProblemAssert.IsProblemAsync(response, 400))).ShouldBeOfType<ShouldAssertException>();
    }

    [Theory]
    [InlineData("""{"status":404,"title":""}""")]
    [InlineData("""{"status":404,"title":"Not found","code":""}""")]
    [InlineData("""{"status":404,"title":"Not found","code":"thing_not_found","detail":" "}""")]
    public async Task AnEmptyTitleCodeOrDetail_IsNotAProblemAClientCanUse(string body)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/problem+json"),
        };

        (await Record.ExceptionAsync(() => ProblemAssert.IsProblemAsync(response, 404))).ShouldBeOfType<ShouldAssertException>();
    }

    [Fact]
    public async Task AProblemWithATitleCodeAndDetail_Passes()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent("""{"status":404,"title":"Not found","code":"thing_not_found","detail":"No such thing."}""", Encoding.UTF8, "application/problem+json"),
        };

        (await ProblemAssert.IsProblemAsync(response, 404)).GetProperty("code").GetString().ShouldBe("thing_not_found");
    }
}
