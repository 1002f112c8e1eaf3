using System.Net.Sockets;
using App.Api.Database;
using App.Api.Errors;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace App.Tests.Errors;

/// <summary>
/// A client that resets its connection mid-request makes Kestrel throw a <see cref="ConnectionResetException"/>
/// holding a <see cref="SocketException"/>: that is the client leaving, never the database being down
/// (third hostile round, item 3). Over a real socket: <c>WebhookBodyReadTests</c>.
/// </summary>
public sealed class ClientAbortTests
{
    private static readonly Exception Reset = new ConnectionResetException("Connection reset by peer", new SocketException(104));

    private readonly TestClock _clock = new(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AConnectionReset_IsNotADatabaseFault_ButNpgsqlsSocketErrorStillIs()
    {
        DatabaseFaults.IsUnavailable(Reset).ShouldBeFalse();
        DatabaseFaults.IsUnavailable(new BadHttpRequestException("The request body could not be read", 400, Reset)).ShouldBeFalse();
        DatabaseFaults.IsUnavailable(new NpgsqlException("Failed to connect", new SocketException(111))).ShouldBeTrue();
        DatabaseFaults.IsUnavailable(new NpgsqlException("Exception while reading from stream", new TimeoutException())).ShouldBeTrue();
    }

    [Fact]
    public async Task AConnectionReset_IsAnswered499_WithoutAnOutageOrAnErrorLine()
    {
        var outageLog = new RecordingLogger<DatabaseOutage>();
        var errorLog = new RecordingLogger<GlobalExceptionHandler>();
        var outage = new DatabaseOutage(_clock, outageLog);
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new GlobalExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), outage, errorLog);
        var context = new DefaultHttpContext { RequestServices = services };

        (await handler.TryHandleAsync(context, new BadHttpRequestException("The request body could not be read", 400, Reset), CancellationToken.None)).ShouldBeTrue();
        (await handler.TryHandleAsync(context, Reset, CancellationToken.None)).ShouldBeTrue();

        context.Response.StatusCode.ShouldBe(499);
        outage.IsDown.ShouldBeFalse();
        outageLog.Entries.ShouldBeEmpty();
        errorLog.Entries.ShouldBeEmpty();
    }
}
