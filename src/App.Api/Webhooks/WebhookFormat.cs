namespace App.Api.Webhooks;

/// <summary>The two signing formats of docs/auther-contract.md, Webhooks; a delivery's headers say which one it uses.</summary>
public enum WebhookFormat
{
    /// <summary>Svix / Standard Webhooks: <c>svix-*</c> or <c>webhook-*</c> headers, seconds, base64 <c>v1,</c> list.</summary>
    Svix,

    /// <summary>Auther native: <c>x-webhook-*</c> headers, milliseconds, hex HMAC over <c>timestamp.body</c>.</summary>
    Native,
}

public static class WebhookFormatNames
{
    public const string Svix = "svix";
    public const string Native = "native";

    public static string Name(this WebhookFormat format) => format == WebhookFormat.Svix ? Svix : Native;

    public static WebhookFormat Parse(string name) =>
        name == Native ? WebhookFormat.Native : name == Svix ? WebhookFormat.Svix : throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown webhook format");
}
