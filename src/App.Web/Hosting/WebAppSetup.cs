using App.Web.Auth;
using App.Web.Data;
using App.Web.Errors;
using App.Web.Proxy;
using App.Web.Sessions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace App.Web.Hosting;

/// <summary>The web app's services and middleware, in the order they matter.</summary>
public static class WebAppSetup
{
    public static WebApplicationBuilder AddWebApp(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<AutherUnavailableHandler>();
        services.AddDbContextFactory<WebDbContext>((sp, options) => WebDbContext.Configure(options,
            sp.GetRequiredService<IConfiguration>().GetConnectionString("Default")
            ?? throw new InvalidOperationException("ConnectionStrings:Default is not set (ConnectionStrings__Default): the web app keeps its sessions in PostgreSQL.")));
        // One key ring for every instance, so any of them reads any session cookie.
        services.AddDataProtection().SetApplicationName("App.Web").PersistKeysToDbContext<WebDbContext>();
        services.AddHostedService<ExpiredSessionPurge>();
        services.AddWebAuthentication();
        services.AddApiProxy();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        var autherUrl = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AutherSettings>>().Value.BrowserUrl;
        app.Use((context, next) => SecurityHeaders(context, next, autherUrl));
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// The pages run only this site's own scripts, call only this site and Auther (its sign-out), and no other site
    /// may frame them.
    /// </summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next, string autherUrl)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = $"default-src 'self'; connect-src 'self' {autherUrl}; frame-ancestors 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        return next();
    }
}
