using Npgsql;
using Testcontainers.PostgreSql;

namespace App.TestSupport;

/// <summary>The test run's PostgreSQL as a container, when a Docker engine answers (see <see cref="DatabaseSource"/>).</summary>
internal static class PostgresContainer
{
    public static async Task<string> StartAsync()
    {
        // Durability off and room for every test class's pool, as for the cluster started from binaries.
        // Testcontainers' reaper removes the container when this process ends, however it ends.
        var container = new PostgreSqlBuilder(DatabaseSource.ContainerImage)
            .WithUsername("postgres")
            .WithPassword("postgres")
            .WithDatabase("postgres")
            .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300")
            .Build();
        await container.StartAsync();
        return new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Pooling = true, MaxPoolSize = 200, Timeout = 30 }.ConnectionString;
    }
}
