using Microsoft.Extensions.Options;

namespace App.Api.Data;

/// <summary>Where PostgreSQL is and whether start-up applies migrations.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Bound from <c>ConnectionStrings:Default</c> (or <c>DATABASE_URL</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations before serving (also the <c>--migrate</c> flag).</summary>
    public bool MigrateOnStartup { get; set; }
}

public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
        string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ValidateOptionsResult.Fail("ConnectionStrings:Default is required (set ConnectionStrings__Default or DATABASE_URL).")
            : ValidateOptionsResult.Success;
}
