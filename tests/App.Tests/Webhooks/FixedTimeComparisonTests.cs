namespace App.Tests.Webhooks;

/// <summary>
/// A signature compared with <c>==</c> or <c>SequenceEqual</c> still verifies correctly, so no request can show
/// it; but it answers sooner the fewer leading bytes match, which lets a sender find a valid HMAC byte by byte.
/// So this reads the sources: every file under src/ that handles secret material compares it with
/// <c>CryptographicOperations.FixedTimeEquals</c> only. Files are found by what they contain, not where they are.
/// </summary>
public sealed class FixedTimeComparisonTests
{
    private static readonly Lazy<IReadOnlyList<SecretComparisons.SourceFile>> Sources = new(SecretComparisons.ReadSources);

    [Fact]
    public void WebhookSignatureVerifiers_CompareOnlyWithFixedTimeEquals()
    {
        foreach (var type in new[] { "NativeWebhookSignature", "StandardWebhooksSignature" })
        {
            var file = Sources.Value.SingleOrDefault(f => f.DeclaresType(type)).ShouldNotBeNull($"no file under src/ declares {type}");

            file.CallsFixedTimeEquals.ShouldBeTrue($"{file.Path} must compare signatures with CryptographicOperations.FixedTimeEquals");
            SecretComparisons.Violations(file).ShouldBeEmpty($"{file.Path} compares secret material in a way that stops early");
        }
    }

    [Fact]
    public void EveryFileThatHandlesSecretMaterial_ComparesItInFixedTime()
    {
        var handling = Sources.Value.Where(f => f.HandlesSecrets).ToList();

        // Both webhook formats, the local Auther's cookie, sign-up secret and password hashes at least: an empty
        // scan would prove nothing.
        handling.Count.ShouldBeGreaterThanOrEqualTo(5, string.Join(", ", handling.Select(f => f.Path)));
        handling.SelectMany(SecretComparisons.Violations).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("return Compute(key, body).SequenceEqual(candidate);")]
    [InlineData("return Compute(key, body).AsSpan().SequenceEqual(candidate);")]
    [InlineData("return Convert.ToHexStringLower(Compute(key, body)) == hex;")]
    [InlineData("return string.Equals(expected, hex, StringComparison.OrdinalIgnoreCase);")]
    [InlineData("return expected.Equals(hex);")]
    [InlineData("for (var i = 0; i < 32; i++) { if (expected[i] != candidate[i]) { return false; } } return true;")]
    public void TheCheck_FindsAComparisonThatStopsEarly(string body)
    {
        var file = SecretComparisons.Parse("Probe.cs", $$"""
            using System.Security.Cryptography;
            static class Probe
            {
                private const int HexLength = 64;
                static byte[] Compute(byte[] key, byte[] body) => HMACSHA256.HashData(key, body);
                static bool Matches(byte[] key, byte[] body, byte[] candidate, byte[] expected, string hex)
                {
                    if (hex.Length != HexLength || candidate.Length == 0) { return false; }
                    {{body}}
                }
            }
            """);

        file.HandlesSecrets.ShouldBeTrue();
        SecretComparisons.Violations(file).ShouldHaveSingleItem();
    }
}
