using App.Api.Health;
using App.Api.Hosting;
using App.Api.Webhooks;

if (AppCommands.IsCommand(args))
{
    return await AppCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddAppServices();

var app = builder.Build();
app.UseAppPipeline();

app.MapHealth();
app.MapWebhooks();

return await app.RunAppAsync(args);

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
