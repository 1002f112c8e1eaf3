namespace App.Api.Webhooks;

/// <summary>How the Auther webhook receiver checks and keeps deliveries. Section <c>Webhooks</c>; the secrets are <c>Auther:WebhookSecrets</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Accept the Svix / Standard Webhooks format (<c>svix-*</c> or <c>webhook-*</c> headers).</summary>
    public bool AcceptSvix { get; set; } = true;

    /// <summary>Accept Auther's native format (<c>x-webhook-*</c> headers).</summary>
    public bool AcceptNative { get; set; } = true;

    /// <summary>Oldest Svix-format signature accepted: Svix re-signs every retry, so a short window suffices.</summary>
    public TimeSpan SvixTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Oldest native-format signature accepted. Native retries keep the creation timestamp (about 33
    /// minutes of retries), and an operator may redeliver later; replays inside the window are stopped
    /// by the inbox.
    /// </summary>
    public TimeSpan NativeTolerance { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How far in the future a signature timestamp may be (clock skew), for either format.</summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Larger bodies are refused with 413 before anything is verified or stored.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Processed inbox rows older than this are purged; it must outlast both windows so a replay is still recognised.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often each instance purges the inbox.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}
