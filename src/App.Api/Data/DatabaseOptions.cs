using Microsoft.Extensions.Options;
using Npgsql;

namespace App.Api.Data;

/// <summary>Where PostgreSQL is and whether start-up applies migrations.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Bound from <c>ConnectionStrings:Default</c> (or <c>DATABASE_URL</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations before serving (also the <c>--migrate</c> flag).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Why <c>DATABASE_URL</c> could not be read, when it could not (set by the flat-name aliases).</summary>
    public string? DatabaseUrlError { get; set; }
}

public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (options.DatabaseUrlError is { } urlError)
        {
            return ValidateOptionsResult.Fail($"DATABASE_URL is malformed: {urlError} Use postgres://user:password@host:5432/database.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("ConnectionStrings:Default is required (set ConnectionStrings__Default or DATABASE_URL).");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return ValidateOptionsResult.Fail(
                $"ConnectionStrings:Default is not a valid connection string ({ex.Message}); use Host=...;Database=...;Username=...;Password=...");
        }
    }
}
