using System.Net;
using System.Net.Sockets;
using App.Api.Hosting;
using App.Api.Webhooks;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace App.Tests.Webhooks;

/// <summary>
/// The inbox purger's round against a stopped PostgreSQL, with the app's own services and logging: the round
/// fails, the host keeps running, and the log gets one Warning line saying why, not a stack trace per round.
/// </summary>
public sealed class WebhookInboxPurgerLoggingTests
{
    [Fact]
    public async Task AFailedRound_LogsOneWarningLine_WithTheReason_AndNoStackTrace()
    {
        var sink = new RecordingLogSink();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = $"Host=127.0.0.1;Port={ClosedPort()};Database=app;Username=postgres",
            ["Auther:Url"] = "http://127.0.0.1:9",
            ["Auther:Audiences:0"] = "app-api",
            ["Auther:WebhookSecrets:0"] = ApiFixture.WebhookSecret,
            ["Auther:SignupSecret"] = ApiFixture.SignupSecret,
            ["Auther:AdminApiKey"] = ApiFixture.AdminApiKey,
        });
        builder.AddAppServices();
        builder.Services.AddSingleton<ILogEventSink>(sink);
        await using var app = builder.Build();
        var purger = app.Services.GetRequiredService<WebhookInboxPurger>();

        await purger.StartAsync(CancellationToken.None);
        await Eventually.ReturnsAsync(() => Task.FromResult(Loud(sink)), events => events.Count > 0, TimeSpan.FromSeconds(60));
        await purger.StopAsync(CancellationToken.None);

        // Every line at Warning or above from any logger (EF's, the outage's, the purger's) during one failed round.
        var line = Loud(sink).ShouldHaveSingleItem(string.Join(" | ", sink.Events.Select(e => $"{e.Level} {e.RenderMessage()}")));
        line.Level.ShouldBe(LogEventLevel.Warning);
        line.Exception.ShouldBeNull();
        line.Properties["SourceContext"].ToString().ShouldContain(nameof(WebhookInboxPurger));
        line.RenderMessage().ShouldStartWith("Purging the webhook inbox failed (NpgsqlException: Failed to connect to 127.0.0.1:");
        line.RenderMessage().ShouldEndWith("next try in 01:00:00");
    }

    private static List<LogEvent> Loud(RecordingLogSink sink) => sink.Events.Where(e => e.Level >= LogEventLevel.Warning).ToList();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
