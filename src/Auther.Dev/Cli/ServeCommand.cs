using System.CommandLine;
using System.Globalization;
using Auther.Dev.Keys;
using Auther.Dev.Webhooks;
using Microsoft.Extensions.Logging;

namespace Auther.Dev.Cli;

/// <summary><c>serve</c>: run the local Auther until Ctrl-C / SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port.", DefaultValueFactory = _ => 5090 };
        var host = new Option<string>("--host") { Description = "Listen address: localhost (both loopbacks), an IP, or 0.0.0.0 in a container.", DefaultValueFactory = _ => "localhost" };
        var state = AutherDevCli.StateOption(required: false);
        var issuer = new Option<string?>("--issuer") { Description = "iss of tokens (default http://localhost:PORT)." };
        var audience = new Option<string>("--audience") { Description = "aud of tokens.", DefaultValueFactory = _ => "app-api" };
        var alg = new Option<string?>("--alg") { Description = "EdDSA (default), RS256 or ES256; a different one rotates the key." };
        var mode = new Option<string>("--mode") { Description = "documented or deployed.", DefaultValueFactory = _ => "documented" };
        mode.AcceptOnlyFromAmong("documented", "deployed");
        var webhooks = new Option<string[]>("--webhook") { Description = "Webhook endpoint URL (repeatable)." };
        var webhookSecret = SecretOption("--webhook-secret", "AUTHER_DEV_WEBHOOK_SECRET", "whsec_... secret of the --webhook endpoints.");
        var webhookFormat = new Option<string>("--webhook-format") { Description = "svix or native.", DefaultValueFactory = _ => "native" };
        webhookFormat.AcceptOnlyFromAmong("svix", "native");
        var webhookForm = new Option<bool>("--webhook-form") { Description = "Native format as form fields instead of JSON." };
        var webhookOwner = new Option<string?>("--webhook-owner") { Description = "Owner user id of the endpoints (deployed mode routes user.* by it)." };
        var signupSecret = SecretOption("--signup-secret", "AUTHER_DEV_SIGNUP_SECRET", "Expected x-internal-signup-secret.");
        var adminApiKey = SecretOption("--admin-api-key", "AUTHER_DEV_ADMIN_API_KEY", "Expected x-api-key on admin calls.");
        var adminSession = SecretOption("--admin-session-token", "AUTHER_DEV_ADMIN_SESSION_TOKEN", "Admin session cookie value accepted with an Origin.");
        var apiKeys = new Option<string[]>("--api-key") { Description = "KEY=OWNER_USER_ID for /api-key/exchange (repeatable)." };
        var limits = new Option<string[]>("--expense-limit") { Description = "USER_ID=AMOUNT for the expense:approve rule (repeatable)." };
        var grace = new Option<string>("--key-grace") { Description = "How long a rotated-out key stays published.", DefaultValueFactory = _ => "30d" };
        var retryDelay = new Option<string>("--retry-delay") { Description = "First webhook retry delay.", DefaultValueFactory = _ => "30s" };
        var seed = new Option<bool>("--seed") { Description = "Create an admin and a normal user; print a token for each and a curl example." };
        var seedEnv = new Option<string?>("--seed-env") { Description = "Also write the seeded tokens to this file (ADMIN_TOKEN=..., USER_TOKEN=...)." };
        var tokenLifetime = new Option<string>("--token-lifetime") { Description = "Lifetime of the seeded tokens.", DefaultValueFactory = _ => "1d" };
        var appUrl = new Option<string>("--app-url") { Description = "The app's URL, for the printed curl example.", DefaultValueFactory = _ => "http://localhost:5080" };
        var clients = new Option<string[]>("--oidc-client", "--client") { Description = "OAuth client: CLIENT_ID=REDIRECT_URI (repeatable; repeat an id for more redirect URIs). Public (PKCE only) unless it has a secret." };
        var clientSecrets = new Option<string[]>("--oidc-client-secret")
        {
            Description = $"CLIENT_ID=SECRET makes that --oidc-client confidential (repeatable). Prefer the environment variable {OidcClientArguments.SecretsVariable}=CLIENT=SECRET,CLIENT2=SECRET2 (the command line shows in ps).",
        };
        var corsOrigins = new Option<string[]>("--cors-origin") { Description = "Browser origin (http://host:port) allowed to call /api/auth with credentials (CORS); also a trusted origin (repeatable)." };
        var secret = new Option<string?>("--secret") { Description = "Signs session cookies (better-auth's BETTER_AUTH_SECRET)." };
        var sessionLifetime = new Option<string>("--session-lifetime") { Description = "A session ends this long after its last use.", DefaultValueFactory = _ => "7d" };
        var oidcTokenLifetime = new Option<string?>("--oidc-token-lifetime") { Description = "How long the token endpoint's id_tokens (documented mode: and access tokens) live; default the mode's own (2d deployed, 1h documented)." };
        var adminPassword = SecretOption("--admin-password", "AUTHER_DEV_ADMIN_PASSWORD", "--seed: the seeded admin's password (default: generated, printed and written to --seed-env).");
        var userPassword = SecretOption("--user-password", "AUTHER_DEV_USER_PASSWORD", "--seed: the seeded user's password (default: generated, printed and written to --seed-env).");
        var openDev = new Option<bool>("--dev-routes-open") { Description = "Answer dev routes from any address (containers); loopback only otherwise." };

        var command = new Command("serve", "Run the local Auther (the default verb).");
        foreach (var option in new Option[]
        {
            port, host, state, issuer, audience, alg, mode, webhooks, webhookSecret, webhookFormat, webhookForm, webhookOwner,
            signupSecret, adminApiKey, adminSession, apiKeys, limits, grace, retryDelay, seed, seedEnv, tokenLifetime, appUrl, openDev,
            clients, clientSecrets, corsOrigins, secret, sessionLifetime, oidcTokenLifetime, adminPassword, userPassword,
        })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new AutherDevOptions
            {
                Port = parse.GetValue(port),
                Host = parse.GetValue(host)!,
                StateFile = parse.GetValue(state),
                Audience = parse.GetValue(audience)!,
                Mode = parse.GetValue(mode) == "deployed" ? AutherMode.Deployed : AutherMode.Documented,
                KeyGracePeriod = Durations.Parse(parse.GetValue(grace)!),
                AppUrl = parse.GetValue(appUrl)!,
                DevRoutesFromAnyAddress = parse.GetValue(openDev),
                LogLevel = LogLevel.Information,
                HandleConsoleSignals = true,
            };
            options.Issuer = parse.GetValue(issuer) ?? $"http://localhost:{options.Port}";
            options.Retry.InitialDelay = Durations.Parse(parse.GetValue(retryDelay)!);
            options.Algorithm = parse.GetValue(alg) is { } named
                ? AutherDevCli.ParseAlgorithm(named)
                : (options.StateFile is { } file ? StateFiles.CurrentAlgorithm(file) : null) ?? KeyAlgorithm.EdDSA;
            options.SignupSecret = parse.GetValue(signupSecret) ?? options.SignupSecret;
            options.AdminApiKey = parse.GetValue(adminApiKey) ?? options.AdminApiKey;
            options.AdminSessionToken = parse.GetValue(adminSession);
            options.Secret = parse.GetValue(secret) ?? options.Secret;
            options.SessionLifetime = Durations.Parse(parse.GetValue(sessionLifetime)!);
            options.OidcTokenLifetime = parse.GetValue(oidcTokenLifetime) is { } lifetime ? Durations.Parse(lifetime) : null;
            OidcClientArguments.Apply(options, Pairs(parse.GetValue(clients)), Pairs(parse.GetValue(clientSecrets)));
            options.CorsOrigins.AddRange(parse.GetValue(corsOrigins) ?? []);

            foreach (var url in parse.GetValue(webhooks) ?? [])
            {
                options.WebhookEndpoints.Add(new WebhookEndpointOptions
                {
                    Url = url,
                    Secret = parse.GetValue(webhookSecret) ?? throw new ArgumentException("--webhook needs --webhook-secret."),
                    Format = parse.GetValue(webhookFormat) == "svix" ? SignatureFormat.Svix : SignatureFormat.Native,
                    FormEncoded = parse.GetValue(webhookForm),
                    OwnerUserId = parse.GetValue(webhookOwner),
                });
            }

            foreach (var (key, owner) in Pairs(parse.GetValue(apiKeys)))
            {
                options.ApiKeys[key] = owner;
            }

            foreach (var (user, amount) in Pairs(parse.GetValue(limits)))
            {
                options.ExpenseApprovalLimits[user] = decimal.Parse(amount, CultureInfo.InvariantCulture);
            }

            await using var server = await AutherDevServer.StartAsync(options, cancellationToken);
            Seeder.PrintBanner(server);
            if (parse.GetValue(seed))
            {
                await Seeder.SeedAsync(server, Durations.Parse(parse.GetValue(tokenLifetime)!), parse.GetValue(seedEnv), parse.GetValue(adminPassword), parse.GetValue(userPassword));
            }

            await server.WaitForShutdownAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// A secret from the command line or, better, from the environment variable <paramref name="variable"/>:
    /// a command line is visible to every local user in <c>ps</c>.
    /// </summary>
    private static Option<string?> SecretOption(string name, string variable, string description) => new(name)
    {
        Description = $"{description} Prefer the environment variable {variable} (the command line shows in ps).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null,
    };

    internal static IEnumerable<(string Key, string Value)> Pairs(string[]? values) =>
        (values ?? []).Select(v => v.Split('=', 2)).Select(p => p.Length == 2
            ? (p[0], p[1])
            : throw new ArgumentException($"Expected NAME=VALUE, got {string.Join('=', p)}."));
}
