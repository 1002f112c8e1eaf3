using Auther.Dev.Oidc;

namespace Auther.Dev.Cli;

/// <summary>
/// <c>serve --oidc-client CLIENT=REDIRECT_URI --oidc-client-secret CLIENT=SECRET</c>, and the secrets from the
/// environment (a command line is visible to every local user in <c>ps</c>).
/// </summary>
internal static class OidcClientArguments
{
    /// <summary><c>CLIENT=SECRET,CLIENT2=SECRET2</c>; a secret given on the command line wins over one given here.</summary>
    public const string SecretsVariable = "AUTHER_DEV_OIDC_CLIENT_SECRETS";

    public static void Apply(AutherDevOptions options, IEnumerable<(string Key, string Value)> clients, IEnumerable<(string Key, string Value)> secrets)
    {
        foreach (var (clientId, redirectUri) in clients)
        {
            var client = options.OidcClients.FirstOrDefault(c => c.ClientId == clientId);
            if (client is null)
            {
                options.OidcClients.Add(client = new OidcClientOptions { ClientId = clientId });
            }

            client.RedirectUris.Add(redirectUri);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(SecretsVariable) is { Length: > 0 } value
            ? ServeCommand.Pairs(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            : [];
        foreach (var (clientId, secret) in fromEnvironment.Concat(secrets))
        {
            var client = options.OidcClients.FirstOrDefault(c => c.ClientId == clientId)
                ?? throw new ArgumentException($"A client secret names {clientId}, which no --oidc-client registers.");
            client.ClientSecret = secret.Length > 0 ? secret : throw new ArgumentException($"The client secret of {clientId} is empty.");
        }
    }
}
