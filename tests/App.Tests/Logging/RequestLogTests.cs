using System.Net;
using System.Text.Json;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;

namespace App.Tests.Logging;

public sealed class RequestLogTests(RequestLogTests.Fixture api) : IClassFixture<RequestLogTests.Fixture>
{
    [Fact]
    public async Task OneLinePerRequest_WithoutQueryStringOrToken()
    {
        var userId = TestData.NewUserId();
        var token = api.TokenFor(userId);
        (await api.ClientWith(token).GetAsync("/api/me?access_token=query-secret-value")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var line = await api.Log.RequestLineAsync("/api/me");

        line.Level.ShouldBe(LogEventLevel.Information);
        line.RenderMessage().ShouldStartWith("HTTP \"GET\" \"/api/me\" responded 200 in ");
        // The ids a reader joins lines by, beside the trace id.
        ((ScalarValue)line.Properties["RequestId"]).Value.ShouldBeOfType<string>().ShouldNotBeNullOrWhiteSpace();
        ((ScalarValue)line.Properties["ConnectionId"]).Value.ShouldBeOfType<string>().ShouldNotBeNullOrWhiteSpace();
        api.Log.Events.Count(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal) &&
                                  e.RenderMessage().Contains("/api/me", StringComparison.Ordinal)).ShouldBe(1);
        foreach (var logged in api.Log.Events.Select(Serialized))
        {
            logged.ShouldNotContain("query-secret-value");
            logged.ShouldNotContain(token);
        }
    }

    [Fact]
    public async Task TheProblemsTraceId_IsTheRequestLogLinesTraceId()
    {
        using var response = await api.CreateClient().GetAsync("/no/such/route/for/trace");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var traceId = body.RootElement.GetProperty("traceId").GetString();

        var line = await api.Log.RequestLineAsync("/no/such/route/for/trace");

        traceId.ShouldNotBeNullOrWhiteSpace();
        line.TraceId.ShouldNotBeNull();
        line.TraceId.Value.ToHexString().ShouldBe(traceId);
    }

    [Fact]
    public async Task AProbeAnsweredByRouting_IsStillLogged()
    {
        (await api.CreateClient().GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var line = await api.Log.RequestLineAsync("/health/live");

        line.RenderMessage().ShouldStartWith("HTTP \"GET\" \"/health/live\" responded 200 in ");
    }

    [Fact]
    public void MicrosoftLoggers_WriteThroughSerilog_WithTheApplicationsName()
    {
        var logger = api.Services.GetRequiredService<ILoggerFactory>().CreateLogger($"App.Tests.Category{Guid.NewGuid():N}");
        var marker = Guid.NewGuid().ToString("N");

        logger.LogWarning("A line {Marker}", marker);

        var line = api.Log.Events.Where(e => e.Properties.ContainsKey("Marker") && e.Properties["Marker"].ToString() == $"\"{marker}\"").ShouldHaveSingleItem();
        ((ScalarValue)line.Properties["Application"]).Value.ShouldBe("App.Api");
    }

    private static string Serialized(LogEvent e)
    {
        using var text = new StringWriter();
        new Serilog.Formatting.Json.JsonFormatter(renderMessage: true).Format(e, text);
        return text.ToString();
    }

    /// <summary>The API with its request log on (the other fixtures log warnings only) and every event recorded.</summary>
    /// <summary>On a real socket: the connection id comes from Kestrel.</summary>
    public sealed class Fixture() : ApiFixture(new()
    {
        Settings = { ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Information" },
        RealSocket = true,
    })
    {
        public RecordingLogSink Log { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(Log);
    }
}
