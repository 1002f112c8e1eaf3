using Microsoft.Extensions.Options;

namespace App.Api.IdentityProvider;

/// <summary>
/// Signs the service admin out of Auther when the host has stopped: after the server and every background
/// service (the poll, reconciliation), so no admin call comes after it. Bounded by <c>Auther:Client:AdminTimeout</c>
/// and by the host's own shutdown budget.
/// </summary>
public sealed class AdminSignOut(AdminSession session, IOptions<AutherClientOptions> client) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => session.SignOutAsync(client.Value.AdminTimeout, cancellationToken);
}
