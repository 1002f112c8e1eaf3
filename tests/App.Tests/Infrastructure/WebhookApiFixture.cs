using App.Api.Features.Notifications;
using App.Api.Webhooks;
using App.TestSupport.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Infrastructure;

/// <summary>
/// The API for webhook tests: the base fixture's host and database, with push notifications recorded
/// instead of logged. Deliveries are signed by the test-side signer (App.TestSupport); once the local
/// Auther exists, <see cref="SendAsync(AutherEvent, WebhookFormat)"/> is the one place to swap for its real deliveries.
/// </summary>
public class WebhookApiFixture : ApiFixture
{
    public WebhookApiFixture()
        : this(new ApiVariation())
    {
    }

    /// <summary>The webhook set-up with <paramref name="variation"/>'s changes.</summary>
    protected WebhookApiFixture(ApiVariation variation)
        : base(variation)
    {
    }

    public RecordingPushSender Push { get; } = new();

    /// <summary>The secret deliveries are signed with by default.</summary>
    public virtual string SigningSecret => WebhookSecret;

    public WebApplicationFactory<Program> App => Factory;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IPushSender>(Push);

    public HttpClient Client() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<HttpResponseMessage> SendAsync(SignedWebhook delivery)
    {
        using var client = Client();
        using var request = delivery.ToRequest();
        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> SendAsync(AutherEvent evt, WebhookFormat format = WebhookFormat.Svix) =>
        SendAsync(Sign(evt, format));

    public SignedWebhook Sign(AutherEvent evt, WebhookFormat format = WebhookFormat.Svix) => format == WebhookFormat.Svix
        ? AutherWebhookSigner.Svix(evt, SigningSecret)
        : AutherWebhookSigner.Native(evt, SigningSecret);

    /// <summary>Sends and expects a 200; returns the outcome the receiver acknowledged (applied, stale...).</summary>
    public async Task<string> DeliverAsync(AutherEvent evt, WebhookFormat format = WebhookFormat.Svix) =>
        await OutcomeAsync(await SendAsync(evt, format));

    public static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBe(200, body);
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.GetProperty("outcome").GetString()!;
        }
    }
}
