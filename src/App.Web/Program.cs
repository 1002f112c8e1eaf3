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

/// <summary>
/// Kept internal (ASP.NET Core would otherwise generate a public one): test and benchmark hosts that also reference
/// the API must see only its <c>Program</c>; they start this app through <see cref="WebEntryPoint"/>.
/// </summary>
internal sealed partial class Program;
