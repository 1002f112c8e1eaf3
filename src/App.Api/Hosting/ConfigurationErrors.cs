namespace App.Api.Hosting;

/// <summary>
/// A value the binder cannot convert (<c>Sync__Interval=soon</c>, <c>Auther__AdminAuth=Password</c>) fails before any
/// validator runs; its message already names the setting, so it becomes the same one line as a validation failure.
/// </summary>
public static class ConfigurationErrors
{
    private const string Prefix = "Failed to convert configuration value";

    public static bool IsConversionFailure(Exception ex) => Find(ex) is not null;

    public static string Describe(Exception ex) =>
        $"Configuration error: {Find(ex)!.Message} Durations are written like 00:00:30; choices by name (e.g. Block, SignIn).";

    private static Exception? Find(Exception ex) => ex switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(e => e is not null),
        InvalidOperationException when ex.Message.StartsWith(Prefix, StringComparison.Ordinal) => ex,
        _ => null,
    };
}
