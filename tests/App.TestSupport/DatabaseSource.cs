using Npgsql;

namespace App.TestSupport;

public enum DatabaseSourceKind
{
    /// <summary>The server named by TEST_DATABASE_URL.</summary>
    Url,

    /// <summary>A PostgreSQL container started with Testcontainers.</summary>
    Container,

    /// <summary>A cluster started from the installed server binaries.</summary>
    Binaries,
}

/// <summary>
/// Where the test run's PostgreSQL comes from: TEST_DATABASE_URL wins; else a container when a Docker
/// engine answers; else the installed binaries. A pure decision over what was found, so it is tested
/// on every machine, including ones without Docker.
/// </summary>
public sealed record DatabaseSource(DatabaseSourceKind Kind, string Description)
{
    public const string ContainerImage = "postgres:15-alpine";

    public static DatabaseSource Choose(string? testDatabaseUrl, DockerProbeResult docker, string? binDir)
    {
        if (!string.IsNullOrWhiteSpace(testDatabaseUrl))
        {
            return new(DatabaseSourceKind.Url, $"TEST_DATABASE_URL ({ServerOf(testDatabaseUrl)})");
        }

        if (docker.Answers)
        {
            return new(DatabaseSourceKind.Container, $"a {ContainerImage} container (Testcontainers; Docker answered at {docker.Endpoint})");
        }

        if (binDir is not null)
        {
            return new(DatabaseSourceKind.Binaries, $"the installed binaries in {binDir} (no Docker engine answered at {docker.Endpoint})");
        }

        throw new InvalidOperationException(
            $"No PostgreSQL for the tests: set TEST_DATABASE_URL, start Docker ({docker.Endpoint} did not answer), " +
            "or install the PostgreSQL server binaries (.ci/run does it with apt).");
    }

    /// <summary>TEST_DATABASE_URL as a postgres:// URL or as a connection string.</summary>
    public static string ConnectionString(string url) =>
        url.StartsWith("postgres", StringComparison.Ordinal) ? App.Api.Hosting.DatabaseUrl.ToConnectionString(url) : url;

    /// <summary>Host and port only: the URL may carry a password.</summary>
    private static string ServerOf(string url)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString(url));
            return $"{builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "unparsed";
        }
    }
}
