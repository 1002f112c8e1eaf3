using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using App.Api.Auth.Jwks;
using App.AutherKeys;

namespace App.Api.Auth.Jwt;

/// <summary>
/// Cheap structural checks before any signature work, so attacks are refused for what they are:
/// oversize tokens, encrypted or unsigned tokens, algorithms outside EdDSA/RS256/ES256 (none, HS256 signed
/// with the public key...), keys smuggled in the header (jwk, jku, x5u, x5c) and critical extensions we do
/// not understand (crit). A known kid must also be used with its own algorithm.
/// </summary>
public static class TokenPrecheck
{
    private static readonly string[] ForbiddenHeaders = ["jwk", "jku", "x5u", "x5c", "crit"];

    public static TokenRejection? Check(string token, int maxBytes, AutherKeySet? keys, out string? kid)
    {
        kid = null;
        if (token.Length > maxBytes)
        {
            return TokenRejection.TooLarge;
        }

        // Three parts, the header not empty (an empty payload or signature is judged below).
        if (token.AsSpan().Count('.') != 2 || token[0] == '.')
        {
            return TokenRejection.Malformed;
        }

        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var secondDot = token.LastIndexOf('.');

        if (secondDot == token.Length - 1)
        {
            // No signature part: an unsigned ("alg": "none") token.
            return TokenRejection.BadAlgorithm;
        }

        var header = DecodeHeader(token.AsSpan(0, firstDot));
        if (header is null)
        {
            return TokenRejection.Malformed;
        }

        using (header)
        {
            var root = header.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return TokenRejection.Malformed;
            }

            foreach (var name in ForbiddenHeaders)
            {
                if (root.TryGetProperty(name, out _))
                {
                    return TokenRejection.ForbiddenHeader;
                }
            }

            if (!root.TryGetProperty("alg", out var algElement) || algElement.ValueKind != JsonValueKind.String ||
                !JwkConverter.AllowedAlgorithms.Contains(algElement.GetString()))
            {
                return TokenRejection.BadAlgorithm;
            }

            if (!root.TryGetProperty("kid", out var kidElement) || kidElement.ValueKind != JsonValueKind.String ||
                string.IsNullOrEmpty(kidElement.GetString()))
            {
                return TokenRejection.MissingKeyId;
            }

            kid = kidElement.GetString()!;
            if (keys is not null && keys.Keys.TryGetValue(kid, out var key) && key.Algorithm != algElement.GetString())
            {
                return TokenRejection.BadAlgorithm;
            }
        }

        return null;
    }

    private static JsonDocument? DecodeHeader(ReadOnlySpan<char> encoded)
    {
        if (encoded.Length > 4096)
        {
            return null;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(encoded.Length));
        try
        {
            if (Base64Url.DecodeFromChars(encoded, bytes, out _, out var written) != OperationStatus.Done)
            {
                return null;
            }

            return JsonDocument.Parse(bytes.AsMemory(0, written));
        }
        catch (JsonException)
        // Stryker disable once Block: an emptied block becomes "return default;", which is this null.
        {
            return null;
        }
        finally
        // Stryker disable once Block,Statement: an array not given back only makes the shared pool allocate another later; nothing reads it again.
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
