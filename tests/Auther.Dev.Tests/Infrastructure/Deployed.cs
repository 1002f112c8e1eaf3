using System.Net;
using System.Security.Cryptography;
using System.Text;
using Auther.Dev.Sessions;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>Requests as a browser or the app makes them against a deployed-mode Auther: signed cookie, Origin.</summary>
public static class Deployed
{
    public const string Secret = "test-better-auth-secret-0123456789";
    public const string Password = "correct horse battery";

    public static Task<AutherDevServer> StartAsync(Action<AutherDevOptions>? configure = null) => TestAuther.StartAsync(o =>
    {
        o.Mode = AutherMode.Deployed;
        o.Secret = Secret;
        configure?.Invoke(o);
    });

    /// <summary>An admin with a password, signed in.</summary>
    public static AutherSession SignedInAdmin(AutherDevServer server)
    {
        var admin = server.CreateUser($"admin-{Guid.NewGuid():N}@example.com", role: "admin", password: Password);
        return server.SignInWithPassword(admin.Email, Password);
    }

    public static HttpRequestMessage Request(AutherDevServer server, HttpMethod method, string path, string? cookie, object? body = null, bool origin = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{AutherSession.CookieName}={Uri.EscapeDataString(cookie)}");
        }

        if (origin)
        {
            request.Headers.Add("Origin", server.Issuer);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public static async Task<HttpStatusCode> SendAsync(AutherDevServer server, HttpRequestMessage request)
    {
        using var client = TestAuther.Client(server);
        using (request)
        {
            return (await client.SendAsync(request)).StatusCode;
        }
    }

    /// <summary>better-call's signature, computed here independently of the server: base64 HMAC-SHA256 of the token.</summary>
    public static string Sign(string token) =>
        $"{token}.{Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(token)))}";
}
