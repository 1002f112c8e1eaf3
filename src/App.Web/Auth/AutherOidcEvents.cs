using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace App.Web.Auth;

/// <summary>Where the stock OpenID Connect handler needs to know Auther.</summary>
public sealed class AutherOidcEvents(IOptions<AutherSettings> auther, ILogger<AutherOidcEvents> logger) : OpenIdConnectEvents
{
    /// <summary>
    /// The browser goes to the authorize endpoint by Auther's public URL: discovery, read by this server, names the
    /// address this server used (in a container network, one the browser cannot reach).
    /// </summary>
    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        var settings = auther.Value;
        var address = context.ProtocolMessage.IssuerAddress;
        if (settings.BrowserUrl != settings.BackchannelUrl && address.StartsWith(settings.BackchannelUrl + "/", StringComparison.OrdinalIgnoreCase))
        {
            context.ProtocolMessage.IssuerAddress = settings.BrowserUrl + address[settings.BackchannelUrl.Length..];
        }

        return Task.CompletedTask;
    }

    /// <summary>A sign-in that failed (refused at Auther, an expired attempt, a bad token) lands on the home page, which says so.</summary>
    public override Task RemoteFailure(RemoteFailureContext context)
    {
        logger.LogWarning("Sign-in through Auther failed: {Error}", context.Failure?.Message);
        var message = context.Failure?.Message ?? "Sign-in failed.";
        context.Response.Redirect("/?signin_error=" + Uri.EscapeDataString(message.Length > 200 ? message[..200] : message));
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
