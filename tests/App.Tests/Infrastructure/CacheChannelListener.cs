using System.Collections.Concurrent;
using App.Api.ShadowUsers;
using App.Data;
using Npgsql;

namespace App.Tests.Infrastructure;

/// <summary>LISTENs on the app's cache channel, as the auth core's cache does, and collects what arrives.</summary>
public sealed class CacheChannelListener : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private CacheChannelListener(NpgsqlConnection connection)
    {
        _connection = connection;
        _connection.Notification += (_, e) => Received.Enqueue(e.Payload);
        _loop = Task.Run(async () =>
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await _connection.WaitAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    public ConcurrentQueue<string> Received { get; } = new();

    public static async Task<CacheChannelListener> StartAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using (var listen = new NpgsqlCommand($"LISTEN {CacheChannel.Name}", connection))
        {
            await listen.ExecuteNonQueryAsync();
        }

        return new CacheChannelListener(connection);
    }

    /// <summary>True once <paramref name="payload"/> has arrived, false if it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForAsync(string payload, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Received.Contains(payload))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return Received.Contains(payload);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
