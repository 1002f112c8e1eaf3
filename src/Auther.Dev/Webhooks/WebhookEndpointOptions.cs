namespace Auther.Dev.Webhooks;

/// <summary>An endpoint the local Auther delivers webhooks to.</summary>
public sealed class WebhookEndpointOptions
{
    /// <summary>Absolute URL the events are POSTed to.</summary>
    public required string Url { get; set; }

    /// <summary>Signing secret, <c>whsec_&lt;base64&gt;</c>. Svix keys with the decoded part; native with the whole string's UTF-8 bytes.</summary>
    public required string Secret { get; set; }

    /// <summary>Signing format; Auther native by default, as deployed Auther sends.</summary>
    public SignatureFormat Format { get; set; } = SignatureFormat.Native;

    /// <summary>Native format only: send the envelope as form fields (<c>data</c> as a JSON string) instead of JSON.</summary>
    public bool FormEncoded { get; set; }

    /// <summary>The user who owns the endpoint. In <see cref="AutherMode.Deployed"/> mode <c>user.*</c> events only reach endpoints owned by that same user.</summary>
    public string? OwnerUserId { get; set; }

    /// <summary>Event types this endpoint subscribes to; <c>null</c> means all.</summary>
    public IReadOnlyCollection<string>? EventTypes { get; set; }
}
