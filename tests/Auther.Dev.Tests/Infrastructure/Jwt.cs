using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>Reads a compact JWS without trusting it: for asserting what is on the wire.</summary>
public static class Jwt
{
    public static JsonElement Header(string token) => Part(token, 0);

    public static JsonElement Payload(string token) => Part(token, 1);

    private static JsonElement Part(string token, int index) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[index]))).RootElement.Clone();
}
