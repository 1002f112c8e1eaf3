namespace Auther.Dev.Webhooks;

/// <summary>The two webhook signing formats of the contract.</summary>
public enum SignatureFormat
{
    /// <summary>Svix / Standard Webhooks: <c>svix-id</c>, <c>svix-timestamp</c> (seconds), <c>svix-signature: v1,&lt;base64&gt;</c>.</summary>
    Svix,

    /// <summary>Auther native: <c>x-webhook-id</c>, <c>x-webhook-timestamp</c> (ms), <c>x-webhook-signature</c> (hex).</summary>
    Native,
}
