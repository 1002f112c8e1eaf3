using App.Web.Bff;
using App.Web.Hosting;
using App.Web.Proxy;

var (hostArgs, migrate, exitAfterMigrate) = WebCommands.Parse(args);
var builder = WebApplication.CreateBuilder(hostArgs);
builder.AddWebApp();

var app = builder.Build();
if (migrate)
{
    await WebCommands.MigrateAsync(app.Services);
    if (exitAfterMigrate)
    {
        return 0;
    }
}

app.UseWebPipeline();
app.MapBff();
app.MapApiProxy();
app.MapHealth();

await app.RunAsync();
return 0;
