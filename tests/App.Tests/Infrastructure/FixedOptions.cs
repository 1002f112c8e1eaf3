using Microsoft.Extensions.Options;

namespace App.Tests.Infrastructure;

/// <summary>Fixed options for unit tests of classes that take an <see cref="IOptionsMonitor{T}"/>.</summary>
public sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
