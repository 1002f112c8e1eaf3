using System.Net;
using System.Threading.RateLimiting;
using App.Api.Errors;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace App.Api.Network;

/// <summary>
/// Named rate-limit policies. A rejected request gets 429 as application/problem+json with <c>Retry-After</c>.
/// Budgets are counted in the shared database by default (<c>RateLimits:Shared</c>), so instances behind a
/// load balancer agree; with it off, each instance counts in memory and the effective budget is the sum.
/// </summary>
public static class RateLimitSetup
{
    public static IServiceCollection AddAppRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton<NetworkSettingsValidator>();
        services.TryAddSingleton<RateLimitStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<RateLimitOptions>>(sp => sp.GetRequiredService<NetworkSettingsValidator>());
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteRejectionAsync;
            options.AddPolicy(RateLimitPolicies.PerIp, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var client = ClientKey(context.Connection.RemoteIpAddress);
                if (!settings.Shared)
                {
                    return RateLimitPartition.GetFixedWindowLimiter(client, _ => InMemory(settings.PerIp));
                }

                var store = context.RequestServices.GetRequiredService<RateLimitStore>();
                return RateLimitPartition.Get(client, key => new SharedWindowRateLimiter($"{RateLimitPolicies.PerIp}:{key}", settings.PerIp, store));
            });
        });
        return services;
    }

    internal static FixedWindowRateLimiterOptions InMemory(FixedWindowBudget budget) => new()
    {
        PermitLimit = budget.PermitLimit,
        Window = budget.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>After routing (policies are endpoint metadata) and before authentication, so a rejected caller costs nothing.</summary>
    public static IApplicationBuilder UseAppRateLimiting(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>
    /// The partition key: the client address as the forwarded-headers step left it. An IPv6 client owns a
    /// whole /64, so it is counted by that prefix, or it could rotate addresses to dodge the limit.
    /// </summary>
    internal static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? wait
            : context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.PerIp.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

        await Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests",
            $"This client has used its request budget. Retry in {seconds} seconds.", TimeSpan.FromSeconds(seconds));
    }
}
