using Microsoft.Extensions.Options;
using Npgsql;

namespace App.Api.Database;

/// <summary>Where PostgreSQL is and whether start-up applies migrations.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Bound from <c>ConnectionStrings:Default</c> (or <c>DATABASE_URL</c>): every query goes here, possibly through a pooler.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Bound from <c>ConnectionStrings:Direct</c>: PostgreSQL itself, for what a transaction-mode pooler cannot carry
    /// (LISTEN, session advisory locks, migrations). Setting it says that Default goes through such a pooler.
    /// </summary>
    public string? DirectConnectionString { get; set; }

    /// <summary>Where LISTEN, the operation locks and migrations connect: Direct when set, else Default.</summary>
    public string Direct => DirectConnectionString ?? ConnectionString!;

    /// <summary>
    /// Default goes through a transaction-mode pooler (Direct is set): a statement prepared in one transaction may be
    /// gone in the next (PgBouncer before 1.21 keeps none), so the app prepares nothing there.
    /// </summary>
    public bool ThroughPooler => DirectConnectionString is not null;

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

        var failures = new[] { ("Default", options.ConnectionString), ("Direct", options.DirectConnectionString) }
            .Where(c => c.Item2 is not null)
            .Select(c => Parse(c.Item1, c.Item2!))
            .OfType<string>()
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? Parse(string name, string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return $"ConnectionStrings:{name} is not a valid connection string ({ex.Message}); use Host=...;Database=...;Username=...;Password=...";
        }
    }
}
