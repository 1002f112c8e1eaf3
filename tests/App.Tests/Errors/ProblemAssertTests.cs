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
}
