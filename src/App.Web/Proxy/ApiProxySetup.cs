using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace App.Web.Proxy;

/// <summary>
/// YARP forwards <c>/api/**</c> to the API as it is, with the session's token as <c>Authorization: Bearer</c> and
/// without the browser's cookies (the session cookie is this site's business, not the API's).
/// </summary>
public static class ApiProxySetup
{
    public const string RouteId = "api";
    public const string ClusterId = "api";

    public static IServiceCollection AddApiProxy(this IServiceCollection services)
    {
        services.AddOptions<ApiSettings>().BindConfiguration(ApiSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiGate>();
        services.AddSingleton<IProxyConfigProvider>(sp => new InMemoryConfigProvider(
            [new RouteConfig { RouteId = RouteId, ClusterId = ClusterId, Match = new RouteMatch { Path = "/api/{**rest}" } }],
            [new ClusterConfig
            {
                ClusterId = ClusterId,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    ["api"] = new() { Address = sp.GetRequiredService<IOptions<ApiSettings>>().Value.Url! },
                },
            }]));
        services.AddReverseProxy().AddTransforms(transforms => transforms.AddRequestTransform(context =>
        {
            context.ProxyRequest.Headers.Remove("Cookie");
            context.ProxyRequest.Headers.Authorization = new("Bearer", (string)context.HttpContext.Items[ApiGate.TokenItem]!);
            return ValueTask.CompletedTask;
        }));
        return services;
    }

    public static IEndpointConventionBuilder MapApiProxy(this IEndpointRouteBuilder app)
    {
        var gate = app.ServiceProvider.GetRequiredService<ApiGate>();
        return app.MapReverseProxy(proxy =>
        {
            proxy.Use((context, next) => gate.InvokeAsync(context, next));
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
        });
    }
}
