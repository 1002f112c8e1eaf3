using System.Collections.Concurrent;

namespace App.Api.Logging;

/// <summary>
/// One logger per category, made once. Serilog's logger factory builds a new logger (with its own property
/// caches) on every <c>CreateLogger</c> call, while ASP.NET Core trusts a factory to cache by category as
/// Microsoft's does: each authentication handler, made anew for every request, asks for its logger. Without
/// this, every request allocated two loggers (a seventh of an anonymous request's garbage).
/// </summary>
public sealed class CategoryCachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, factory) => factory.CreateLogger(name), inner);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>
    /// Wraps the <see cref="ILoggerFactory"/> registered last: Serilog's, which <c>AddSerilog</c> registers as a
    /// singleton factory method. The wrapper is disposed by the container and disposes it in turn.
    /// </summary>
    public static IServiceCollection Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService);
        if (registered is not { Lifetime: ServiceLifetime.Singleton, ImplementationFactory: { } create })
        {
            throw new InvalidOperationException("Expected Serilog's ILoggerFactory, registered as a singleton factory method.");
        }

        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(sp => new CategoryCachingLoggerFactory((ILoggerFactory)create(sp)));
        return services;
    }
}
