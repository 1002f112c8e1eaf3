using System.Net;
using System.Net.Http.Json;

namespace Browser.Tests;

/// <summary>
/// A sign-in without a browser, for the tests that look at what the web app stores and forwards: the Auther session
/// first (its sign-in route), then the web app's code flow, redirects followed, cookies kept.
/// </summary>
public sealed class HttpSignIn : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    public HttpSignIn() => _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = true });

    /// <summary>Signs in at Auther and then through <c>/bff/login</c>; answers where the redirects ended.</summary>
    public async Task<Uri> SignInAsync(WebAppFixture stack, TestUser user, Uri web)
    {
        (await _http.PostAsJsonAsync(new Uri(stack.Auther.BaseUrl, "/api/auth/sign-in/email"), new { email = user.Email, password = user.Password }))
            .EnsureSuccessStatusCode();
        using var response = await _http.GetAsync(new Uri(web, "/bff/login?returnUrl=/"));
        return response.RequestMessage!.RequestUri!;
    }

    /// <summary>A call to the web app as its page makes it: the session cookie and <c>X-CSRF: 1</c>.</summary>
    public async Task<HttpResponseMessage> GetAsync(Uri web, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(web, path));
        request.Headers.Add("X-CSRF", "1");
        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}
