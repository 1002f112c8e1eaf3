using System.Net.Http.Headers;

namespace App.TestSupport.Webhooks;

/// <summary>A signed delivery: raw body bytes and headers, ready to send (or to tamper with in a test).</summary>
public sealed record SignedWebhook(byte[] Body, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public const string Path = "/api/webhooks/auther";

    public string Header(string name) => Headers.First(h => h.Key == name).Value;

    public SignedWebhook WithHeader(string name, string value) =>
        this with { Headers = [.. Headers.Where(h => h.Key != name), new(name, value)] };

    public SignedWebhook WithoutHeader(string name) => this with { Headers = [.. Headers.Where(h => h.Key != name)] };

    public HttpRequestMessage ToRequest(string path = Path)
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
