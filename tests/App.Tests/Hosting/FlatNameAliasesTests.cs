using System.Collections;
using App.Api.Hosting;
using Microsoft.Extensions.Configuration;

namespace App.Tests.Hosting;

public sealed class FlatNameAliasesTests
{
    [Fact]
    public void GuideNames_MapOntoTheAppsSettings()
    {
        var configuration = Build(new Hashtable
        {
            ["AUTHER_URL"] = "https://auth.example.com",
            ["AUTHER_ISSUER"] = "https://auth.example.com, https://auth.example.com/api/auth",
            ["AUTHER_AUDIENCE"] = "hono-api",
            ["AUTHER_INBOUND_WEBHOOK_SECRET"] = "whsec_one whsec_two",
            ["AUTHER_SIGNUP_SECRET"] = "signup",
            ["AUTHER_ADMIN_API_KEY"] = "key",
            ["DATABASE_URL"] = "postgres://app:p%40ss@db.internal:6543/appdb?sslmode=require",
        });

        configuration["Auther:Url"].ShouldBe("https://auth.example.com");
        configuration.GetSection("Auther:Issuers").Get<string[]>().ShouldBe(["https://auth.example.com", "https://auth.example.com/api/auth"]);
        configuration.GetSection("Auther:Audiences").Get<string[]>().ShouldBe(["hono-api"]);
        configuration.GetSection("Auther:WebhookSecrets").Get<string[]>().ShouldBe(["whsec_one", "whsec_two"]);
        configuration["Auther:SignupSecret"].ShouldBe("signup");
        configuration["Auther:AdminApiKey"].ShouldBe("key");
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Default"));
        (cs.Host, cs.Port, cs.Database, cs.Username, cs.Password, cs.SslMode)
            .ShouldBe(("db.internal", 6543, "appdb", "app", "p@ss", Npgsql.SslMode.Require));
    }

    [Fact]
    public void CanonicalName_WinsOverItsAlias()
    {
        var configuration = Build(new Hashtable { ["AUTHER_URL"] = "https://alias.example.com" },
            ("Auther:Url", "https://canonical.example.com"));

        configuration["Auther:Url"].ShouldBe("https://canonical.example.com");
    }

    [Fact]
    public void MalformedDatabaseUrl_IsRejectedWithAHint()
    {
        Should.Throw<FormatException>(() => DatabaseUrl.ToConnectionString("mysql://x@y/z"))
            .Message.ShouldContain("postgres://");
    }

    private static IConfiguration Build(Hashtable environment, params (string Key, string Value)[] canonical)
    {
        var manager = new ConfigurationManager();
        manager.AddEnvironmentVariables();
        manager.AddFlatNameAliases(() => environment);
        manager.AddInMemoryCollection(canonical.Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)));
        return manager;
    }
}
