using System.Globalization;
using System.Text;
using Auther.Dev.Webhooks.Delivery;

namespace Auther.Dev.Webhooks.Signing;

/// <summary>
/// Builds one attempt's HTTP request. Native attempts all carry the event's creation timestamp (deployed
/// Auther does not re-sign); Svix attempts are re-signed with the attempt's own time, same id, as Svix does.
/// </summary>
internal static class WebhookRequestFactory
{
    public static HttpRequestMessage Create(DeliveryState delivery, DateTimeOffset now)
    {
        var endpoint = delivery.Endpoint;
        var evt = delivery.Event;
        var mediaType = endpoint.FormEncoded && endpoint.Format == SignatureFormat.Native
            ? "application/x-www-form-urlencoded"
            : "application/json";
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, mediaType),
        };

        if (endpoint.Format == SignatureFormat.Svix)
        {
            var seconds = now.ToUnixTimeSeconds();
            request.Headers.Add("svix-id", evt.Id);
            request.Headers.Add("svix-timestamp", seconds.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("svix-signature", WebhookSigner.SignSvix(endpoint.Secret, evt.Id, seconds, delivery.Body));
        }
        else
        {
            request.Headers.Add("x-webhook-id", evt.Id);
            request.Headers.Add("x-webhook-timestamp", evt.Timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("x-webhook-signature", WebhookSigner.SignNative(endpoint.Secret, evt.Timestamp, delivery.Body));
            request.Headers.Add("x-webhook-origin", evt.Origin);
        }

        request.Headers.UserAgent.ParseAdd("Auther.Dev/1.0");
        return request;
    }
}
