namespace App.Api.Hosting;

/// <summary>
/// A value the binder cannot convert (<c>Sync__Interval=soon</c>, <c>Auther__AdminAuth=Password</c>) fails before any
/// validator runs; its message already names the setting, so it becomes the same one line as a validation failure.
/// </summary>
public static class ConfigurationErrors
{
    private const string Prefix = "Failed to convert configuration value";

    public static bool IsConversionFailure(Exception ex) => ex.Message.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Describe(Exception ex) =>
        $"Configuration error: {ex.Message} Durations are written like 00:00:30; choices by name (e.g. Block, SignIn).";
}
