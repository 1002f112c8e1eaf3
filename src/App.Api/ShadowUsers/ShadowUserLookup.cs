using System.Threading.Channels;
using App.Api.Auth;
using App.Api.Errors;
using App.Api.IdentityProvider;
using Microsoft.Extensions.Options;

namespace App.Api.ShadowUsers;

/// <summary>
/// Asks Auther for a user whose row was just created from a token without a role: deployed id_tokens carry none,
/// so the row starts with Auther's default, and the poll only reads users that changed lately. Off the request:
/// a slow or absent Auther never delays or fails it (the row keeps the default until the poll or reconciliation).
/// What Auther answers is applied as the poll applies a user (<see cref="ShadowUserStore.ApplyListedAsync"/>).
/// </summary>
public sealed class ShadowUserLookup(
    IServiceScopeFactory scopes,
    IOptions<AuthOptions> options,
    ILogger<ShadowUserLookup> logger) : BackgroundService
{
    // Stryker disable once Initializer,Boolean: only TryWrite writes, which never waits: on a full channel Wait mode refuses the
    // write as DropWrite drops it (only TryWrite's ignored result differs); SingleReader is a hint bounded channels do not use.
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Enqueue(string userId)
    {
        if (options.Value.LookUpNewUsers)
        {
            _queue.Writer.TryWrite(userId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var userId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await LookUpAsync(userId, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                var reason = ex is ProblemException problem ? $"{problem.Title}: {problem.Detail}" : ex.Message;
                logger.LogWarning("Looking up new user {UserId} in Auther failed ({Reason}); the poll or reconciliation brings their role", userId, reason);
            }
        }
    }

    private async Task LookUpAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<AutherClient>().FindUserAsync(userId, cancellationToken);
        if (user is null)
        {
            logger.LogInformation("New user {UserId} is not in Auther's user list; the row keeps the role it was created with", userId);
            return;
        }

        await scope.ServiceProvider.GetRequiredService<ShadowUserStore>().ApplyListedAsync([user], cancellationToken);
    }
}
