using App.Api.Features.AuditLogs;
using App.Api.Features.Expenses;
using App.Api.Features.Me;
using App.Api.Features.Notifications;
using App.Api.Features.Organizations;
using App.Api.Features.SignUp;
using App.Api.Features.Tokens;
using App.Api.Features.Users;
using App.Api.Health;
using App.Api.Hosting;
using App.Api.Logging;
using App.Api.Observability;
using App.Api.Webhooks;

if (AppCommands.IsCommand(args))
{
    return await AppCommands.RunAsync(args);
}

if (AppCommands.UnknownVerb(args) is { } unknown)
{
    return AppCommands.RefuseUnknownVerb(unknown);
}

SerilogSetup.CreateBootstrapLogger();
try
{
    var builder = WebApplication.CreateBuilder(AppRunner.HostArguments(args));
    builder.AddAppServices();

    var app = builder.Build();
    app.UseAppPipeline();

    app.MapHealth();
    app.MapMetrics();
    app.MapMe();
    app.MapTokenRevocation();
    app.MapUserAdmin();
    app.MapUserQueries();
    app.MapSignUp();
    app.MapOrganizations();
    app.MapExpenses();
    app.MapNotifications();
    app.MapAuditLogs();
    app.MapWebhooks();

    return await app.RunAppAsync(args);
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    // Anything that stops the host before its own logger exists (a bad URL, a port in use, a broken service registration).
    Serilog.Log.Fatal(ex, "The API could not start");
    return 1;
}
finally
{
    await Serilog.Log.CloseAndFlushAsync();
}

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
