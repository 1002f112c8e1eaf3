using System.CommandLine;
using Auther.Dev.Hosting;
using Auther.Dev.Keys;
using Auther.Dev.Tokens;
using Microsoft.Extensions.Logging.Abstractions;

namespace Auther.Dev.Cli;

/// <summary>
/// <c>mint-token</c>: sign a token with the state file's current key and print it, without a server. It
/// verifies against what <c>serve</c> publishes from the same file (same keys, same remembered issuer).
/// </summary>
internal static class MintTokenCommand
{
    public static Command Create()
    {
        var state = AutherDevCli.StateOption(required: true);
        var sub = new Option<string>("--sub") { Description = "User id (sub).", Required = true };
        var email = new Option<string?>("--email") { Description = "email claim (default: the stored user's)." };
        var name = new Option<string?>("--name") { Description = "name claim (default: the stored user's)." };
        var role = new Option<string?>("--role") { Description = "role claim (default: the stored user's)." };
        var permissions = new Option<string?>("--permissions") { Description = "e.g. \"user:deactivate,notifications:read\"." };
        var abac = new Option<string?>("--abac") { Description = "abac_required, e.g. \"expense:approve\"." };
        var impersonator = new Option<string?>("--impersonator") { Description = "Admin user id acting as --sub." };
        var jti = new Option<string?>("--jti") { Description = "Token id (default: random)." };
        var lifetime = new Option<string?>("--lifetime") { Description = "e.g. 15m, 1h, 2d (default 1h, deployed style 2d)." };
        var style = new Option<string?>("--style") { Description = "documented or deployed." };
        style.AcceptOnlyFromAmong("documented", "deployed");
        var issuer = new Option<string?>("--issuer") { Description = "iss (default: the one serve recorded, else http://localhost:5090)." };
        var audience = new Option<string?>("--audience") { Description = "aud (default: the one serve recorded, else app-api)." };

        var command = new Command("mint-token", "Print an access token signed with the state file's current key.");
        foreach (var option in new Option[] { state, sub, email, name, role, permissions, abac, impersonator, jti, lifetime, style, issuer, audience })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, _) =>
        {
            var file = parse.GetValue(state)!;
            var (recordedIssuer, recordedAudience) = StateFiles.Identity(file);
            var options = new AutherDevOptions
            {
                StateFile = file,
                Issuer = parse.GetValue(issuer) ?? recordedIssuer ?? "http://localhost:5090",
                Audience = parse.GetValue(audience) ?? recordedAudience ?? "app-api",
                Algorithm = StateFiles.CurrentAlgorithm(file) ?? KeyAlgorithm.EdDSA,
            };
            await using var core = new AutherDevCore(options, NullLoggerFactory.Instance);
            var token = core.Tokens.Mint(new TokenRequest
            {
                UserId = parse.GetValue(sub)!,
                Email = parse.GetValue(email),
                Name = parse.GetValue(name),
                Role = parse.GetValue(role),
                Permissions = PermissionMap(parse.GetValue(permissions)),
                AbacRequired = PermissionMap(parse.GetValue(abac)),
                Impersonator = parse.GetValue(impersonator),
                Jti = parse.GetValue(jti),
                Lifetime = parse.GetValue(lifetime) is { } text ? Durations.Parse(text) : null,
                Style = parse.GetValue(style) switch
                {
                    "deployed" => TokenStyle.Deployed,
                    "documented" => TokenStyle.Documented,
                    _ => null,
                },
            });
            Console.WriteLine(token.Token);
            return 0;
        });
        return command;
    }

    /// <summary><c>"user:deactivate,notifications:read"</c> to <c>{"user":["deactivate"],"notifications":["read"]}</c>.</summary>
    internal static Dictionary<string, string[]>? PermissionMap(string? flat)
    {
        if (string.IsNullOrWhiteSpace(flat))
        {
            return null;
        }

        return flat.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split(':', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], p => p[1])
            .ToDictionary(g => g.Key, g => g.Distinct().ToArray());
    }
}
