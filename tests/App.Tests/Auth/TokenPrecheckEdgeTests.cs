using System.Text;
using App.Api.Auth.Jwt;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Auth;

/// <summary>
/// <see cref="TokenPrecheck"/> at its edges: the size caps up to and including their limit, an empty header, header
/// values of the wrong JSON type, and a header whose base64url breaks off after a readable part.
/// </summary>
public sealed class TokenPrecheckEdgeTests
{
    private const int MaxBytes = 16_384;
    private const string Header = """{"alg":"EdDSA","kid":"ed-key"}""";

    [Fact]
    public void ATokenOfExactlyMaxBytes_IsChecked_OneMore_IsTooLarge()
    {
        var start = $"{B64(Header)}.{B64("""{"sub":"u"}""")}.";

        TokenPrecheck.Check(start + new string('s', MaxBytes - start.Length), MaxBytes, null, out _).ShouldBeNull();
        TokenPrecheck.Check(start + new string('s', MaxBytes - start.Length + 1), MaxBytes, null, out _).ShouldBe(TokenRejection.TooLarge);
    }

    /// <summary>A header of 4,096 base64url characters (3,072 bytes of JSON) is read; one of 4,100 is refused unread.</summary>
    [Fact]
    public void AHeaderOf4096Characters_IsRead_ALongerOne_IsMalformed()
    {
        HeaderOfLength(4096).Length.ShouldBe(4096);
        HeaderOfLength(4100).Length.ShouldBe(4100);

        TokenPrecheck.Check($"{HeaderOfLength(4096)}.e30.c2ln", MaxBytes, null, out var kid).ShouldBeNull();
        kid.ShouldBe("ed-key");
        TokenPrecheck.Check($"{HeaderOfLength(4100)}.e30.c2ln", MaxBytes, null, out _).ShouldBe(TokenRejection.Malformed);
    }

    /// <summary>An empty header is malformed, whatever follows it (not an unsigned token when the signature is empty too).</summary>
    [Theory]
    [InlineData(".e30.c2ln")]
    [InlineData("..c2ln")]
    [InlineData("..")]
    public void AnEmptyHeader_IsMalformed(string token) =>
        TokenPrecheck.Check(token, MaxBytes, null, out _).ShouldBe(TokenRejection.Malformed);

    [Theory]
    [InlineData("""{"alg":1,"kid":"ed-key"}""", "bad_algorithm")]
    [InlineData("""{"alg":null,"kid":"ed-key"}""", "bad_algorithm")]
    [InlineData("""{"alg":"EdDSA","kid":1}""", "missing_kid")]
    [InlineData("""{"alg":"EdDSA","kid":["ed-key"]}""", "missing_kid")]
    public void AnAlgOrKidThatIsNotAString_IsRefused_NotRead(string header, string reason) =>
        TokenPrecheck.Check($"{B64(header)}.e30.c2ln", MaxBytes, null, out _)!.Reason.ShouldBe(reason);

    [Fact]
    public void AHeaderWhoseBase64UrlBreaksOffAfterAReadablePart_IsMalformed()
    {
        // 30 bytes of JSON are 40 characters, whole blocks: what precedes the '!' decodes to a complete header.
        var readable = B64(Header);
        readable.Length.ShouldBe(40);

        TokenPrecheck.Check($"{readable}.e30.c2ln", MaxBytes, null, out _).ShouldBeNull();
        TokenPrecheck.Check($"{readable}!AAA.e30.c2ln", MaxBytes, null, out _).ShouldBe(TokenRejection.Malformed);
    }

    /// <summary>The header above, padded with a "pad" value to exactly <paramref name="length"/> base64url characters (a multiple of 4).</summary>
    private static string HeaderOfLength(int length)
    {
        var bytes = length / 4 * 3;
        const string prefix = "{\"alg\":\"EdDSA\",\"kid\":\"ed-key\",\"pad\":\"";
        return B64(prefix + new string('x', bytes - prefix.Length - 2) + "\"}");
    }

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
