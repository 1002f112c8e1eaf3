namespace App.Api.Network;

/// <summary>Browser origins allowed to call the API (section <c>Cors</c>). None by default.</summary>
public sealed class CorsSettings
{
    public const string SectionName = "Cors";

    /// <summary>Exact origins, e.g. <c>https://app.example.com</c> (scheme, host and port; no path).</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
