using Serilog.Core;
using Serilog.Events;

namespace App.Api.Logging;

/// <summary>
/// One property with a value fixed at start-up, made once and added to every event: Serilog's
/// <c>Enrich.WithProperty</c> builds the property anew for each event, the request log's included.
/// </summary>
public sealed class ConstantPropertyEnricher(string name, object? value) : ILogEventEnricher
{
    private readonly LogEventProperty _property = new(name, new ScalarValue(value));

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) => logEvent.AddPropertyIfAbsent(_property);
}
