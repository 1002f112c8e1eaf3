using System.Security.Cryptography;
using System.Text;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Webhooks;

/// <summary>A receiver's checks, written from the contract rather than with the server's signer.</summary>
internal static class WebhookVerify
{
    public static bool Svix(ReceivedRequest request, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = $"{request.Header("svix-id")}.{request.Header("svix-timestamp")}.{request.Body}";
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(content)));
        return request.Header("svix-signature").Split(' ').Contains(expected);
    }

    public static bool Native(ReceivedRequest request, string secret)
    {
        var content = $"{request.Header("x-webhook-timestamp")}.{request.Body}";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(content)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(request.Header("x-webhook-signature")));
    }
}
