using Auther.Dev.Webhooks.Signing;

namespace Auther.Dev.Webhooks;

/// <summary>The configured endpoints; tests add and remove them while the server runs.</summary>
internal sealed class EndpointRegistry
{
    private readonly Lock _gate = new();
    private readonly List<WebhookEndpointOptions> _endpoints = [];

    public EndpointRegistry(IEnumerable<WebhookEndpointOptions> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            Add(endpoint);
        }
    }

    public IReadOnlyList<WebhookEndpointOptions> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _endpoints];
            }
        }
    }

    public void Add(WebhookEndpointOptions endpoint)
    {
        if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"Webhook URL must be absolute: {endpoint.Url}", nameof(endpoint));
        }

        if (string.IsNullOrEmpty(endpoint.Secret))
        {
            throw new ArgumentException("Webhook secret is required.", nameof(endpoint));
        }

        if (endpoint.Format == SignatureFormat.Svix)
        {
            try
            {
                _ = WebhookSigner.SvixKey(endpoint.Secret);
            }
            catch (FormatException)
            {
                throw new ArgumentException("A Svix-format secret must be whsec_ followed by base64.", nameof(endpoint));
            }
        }

        lock (_gate)
        {
            _endpoints.Add(endpoint);
        }
    }

    public bool Remove(string url)
    {
        lock (_gate)
        {
            return _endpoints.RemoveAll(e => e.Url == url) > 0;
        }
    }
}
