using System.Net;
using System.Text.RegularExpressions;

namespace Auther.Dev.Tests.Infrastructure;

/// <summary>
/// A browser without script over real HTTP: keeps cookies, follows redirects while they stay on the Auther and
/// stops at the first one that leaves it (the client's redirect URI), fills in and submits the page's form.
/// </summary>
public sealed partial class Browser(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
        BaseAddress = baseUrl,
    };

    public Task<BrowserPage> GoAsync(string url) => FollowAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>Posts the page's form with its hidden fields and <paramref name="fields"/>, as a click on its button does.</summary>
    public Task<BrowserPage> SubmitAsync(BrowserPage page, IDictionary<string, string> fields, bool withHiddenFields = true)
    {
        var action = WebUtility.HtmlDecode(FormAction().Match(page.Html).Groups[1].Value);
        var values = withHiddenFields
            ? HiddenField().Matches(page.Html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value))
            : [];
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return FollowAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(page.Url, action)) { Content = new FormUrlEncodedContent(values) });
    }

    /// <summary>The value of the link with this id on the page.</summary>
    public static string Link(BrowserPage page, string id) =>
        WebUtility.HtmlDecode(Regex.Match(page.Html, $"<a id={id} href=\"([^\"]*)\"").Groups[1].Value);

    public void Dispose() => _http.Dispose();

    private async Task<BrowserPage> FollowAsync(HttpRequestMessage first)
    {
        var setCookies = new List<string>();
        var request = first;
        for (var hops = 0; ; hops++)
        {
            using var response = await _http.SendAsync(request);
            request.Dispose();
            setCookies.AddRange(response.Headers.TryGetValues("Set-Cookie", out var values) ? values : []);
            var url = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(baseUrl, request.RequestUri);
            if (response.Headers.Location is not { } location || (int)response.StatusCode is < 300 or > 399)
            {
                return new BrowserPage(response.StatusCode, await response.Content.ReadAsStringAsync(), url, null, setCookies);
            }

            var next = new Uri(url, location);
            if (next.GetLeftPart(UriPartial.Authority) != baseUrl.GetLeftPart(UriPartial.Authority) || hops > 10)
            {
                return new BrowserPage(response.StatusCode, "", url, next, setCookies);
            }

            request = new HttpRequestMessage(HttpMethod.Get, next);
        }
    }

    [GeneratedRegex("<form method=post action=\"([^\"]*)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=hidden name=\"([^\"]*)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();
}

/// <summary>
/// Where the browser ended: a page (status and HTML) or, with <see cref="LeftTo"/>, a redirect off the Auther;
/// <see cref="SetCookies"/> holds every <c>Set-Cookie</c> met on the way.
/// </summary>
public sealed record BrowserPage(HttpStatusCode Status, string Html, Uri Url, Uri? LeftTo, IReadOnlyList<string> SetCookies)
{
    /// <summary>Whether a session cookie was set on the way.</summary>
    public bool SetsSessionCookie => SetCookies.Any(c => c.StartsWith("better-auth.session_token=", StringComparison.Ordinal) && !c.Contains("Max-Age=0"));
}
