namespace App.Tests.Observability;

/// <summary>
/// Runs its classes after the parallel ones, alone in the process, as the API runs in production. OpenTelemetry
/// merges instruments of the same meter and name across the hosts of a process into one stream, and drops that
/// stream when any of those hosts is disposed: another test class finishing would empty this host's /metrics.
/// The app keeps each host to the meters of its own container (TelemetrySetup), but meters without a container
/// (Npgsql's, which these tests read) are still shared by every host in the process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedMetrics
{
    public const string Name = "Metrics (alone in the process)";
}
