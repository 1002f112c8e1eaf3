using Auther.Dev.Tokens;

namespace Auther.Dev.Hosting;

/// <summary>Facts about the running server that are only known once Kestrel has picked its port.</summary>
internal sealed class ServerInfo(AutherDevOptions options)
{
    public AutherMode Mode { get; } = options.Mode;

    public string Audience { get; } = options.Audience;

    public string Issuer { get; set; } = options.Issuer?.TrimEnd('/') ?? string.Empty;

    /// <summary>The token endpoint's id_token (and documented access token) lifetime, when not the mode's own.</summary>
    public TimeSpan? OidcTokenLifetime { get; } = options.OidcTokenLifetime;

    public Uri BaseUrl { get; set; } = new("http://127.0.0.1/");

    public TokenStyle DefaultStyle => Mode == AutherMode.Deployed ? TokenStyle.Deployed : TokenStyle.Documented;
}
