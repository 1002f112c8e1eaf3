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
using App.Api.Observability;
using App.Api.Webhooks;

if (AppCommands.IsCommand(args))
{
    return await AppCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(AppRunner.HostArguments(args));
builder.AddAppServices();

var app = builder.Build();
app.UseAppPipeline();

app.MapHealth();
app.MapMetrics();
app.MapMe();
app.MapTokenRevocation();
app.MapUserAdmin();
app.MapSignUp();
app.MapOrganizations();
app.MapExpenses();
app.MapNotifications();
app.MapAuditLogs();
app.MapWebhooks();

return await app.RunAppAsync(args);

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
