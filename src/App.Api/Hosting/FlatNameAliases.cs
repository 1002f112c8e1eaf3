using System.Collections;

using App.Api.Database;

namespace App.Api.Hosting;

/// <summary>
/// Accepts the integration guide's flat variable names (AUTHER_URL, DATABASE_URL...) as aliases of the
/// app's own settings. The source sits just below the environment-variable source, so the canonical
/// name (Auther__Url) wins when both are set, and either beats appsettings.json.
/// </summary>
public sealed class FlatNameAliasesSource(Func<IDictionary> environment) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new FlatNameAliasesProvider(environment);
}

public sealed class FlatNameAliasesProvider(Func<IDictionary> environment) : ConfigurationProvider
{
    /// <summary>Flat name, app setting, and whether the value is a list (comma or whitespace separated).</summary>
    public static readonly IReadOnlyList<(string Alias, string Key, bool IsList)> Aliases =
    [
        ("AUTHER_URL", "Auther:Url", false),
        ("AUTHER_ISSUER", "Auther:Issuers", true),
        ("AUTHER_AUDIENCE", "Auther:Audiences", true),
        ("AUTHER_INBOUND_WEBHOOK_SECRET", "Auther:WebhookSecrets", true),
        ("AUTHER_SIGNUP_SECRET", "Auther:SignupSecret", false),
        ("AUTHER_ADMIN_API_KEY", "Auther:AdminApiKey", false),
        ("AUTHER_ADMIN_AUTH", "Auther:AdminAuth", false),
        ("AUTHER_ADMIN_EMAIL", "Auther:AdminEmail", false),
        ("AUTHER_ADMIN_PASSWORD", "Auther:AdminPassword", false),
        ("AUTHER_ADMIN_SESSION_TOKEN", "Auther:AdminSessionToken", false),
        ("SYNC_INTERVAL", "Sync:Interval", false),
        ("RECONCILE_INTERVAL", "Reconcile:Interval", false),
        ("RECONCILE_ON_MISSING", "Reconcile:OnMissing", false),
    ];

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var variables = environment();
        foreach (var (alias, key, isList) in Aliases)
        {
            if (variables[alias] is not string value || string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (!isList)
            {
                data[key] = value.Trim();
                continue;
            }

            var items = value.Split([',', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < items.Length; i++)
            {
                data[$"{key}:{i}"] = items[i];
            }
        }

        if (variables["DATABASE_URL"] is string url && !string.IsNullOrWhiteSpace(url))
        {
            try
            {
                data["ConnectionStrings:Default"] = DatabaseUrl.ToConnectionString(url);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                // Reported with every other configuration problem at start-up (DatabaseOptionsValidator), not as a crash here.
                data[DatabaseOptions.SectionName + ":" + nameof(DatabaseOptions.DatabaseUrlError)] = ex.Message;
            }
        }

        Data = data;
    }
}

public static class FlatNameAliasesExtensions
{
    public static void AddFlatNameAliases(this IConfigurationManager configuration, Func<IDictionary>? environment = null)
    {
        var source = new FlatNameAliasesSource(environment ?? Environment.GetEnvironmentVariables);
        var sources = configuration.Sources;
        var envIndex = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                envIndex = i;
            }
        }

        if (envIndex < 0)
        {
            sources.Add(source);
        }
        else
        {
            sources.Insert(envIndex, source);
        }
    }
}
