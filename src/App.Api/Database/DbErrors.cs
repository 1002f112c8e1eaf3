using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace App.Api.Database;

public static class DbErrors
{
    /// <summary>A unique index refused the row: another request created the same thing first (a 409, not a 500).</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
