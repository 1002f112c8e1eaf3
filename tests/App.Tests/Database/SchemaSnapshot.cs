using Npgsql;

namespace App.Tests.Database;

/// <summary>
/// Everything about a database's public schema that the EF model decides, as comparable lines:
/// tables, columns (type, nullability, default, identity), constraints (primary, foreign with their
/// delete rules, unique, check) and indexes.
/// </summary>
public sealed record SchemaSnapshot(IReadOnlySet<string> Lines)
{
    public static async Task<SchemaSnapshot> ReadAsync(string connectionString)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        await ReadAsync(connection, lines, """
            SELECT 'table ' || c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '__EFMigrationsHistory'
            """);
        await ReadAsync(connection, lines, """
            SELECT format('column %s.%s %s%s%s%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                          CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END,
                          COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), ''),
                          CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relname <> '__EFMigrationsHistory'
            """);
        await ReadAsync(connection, lines, """
            SELECT format('constraint %s.%s %s', c.relname, con.conname, pg_get_constraintdef(con.oid))
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relname <> '__EFMigrationsHistory'
            """);
        await ReadAsync(connection, lines, """
            SELECT format('index %s', indexdef)
            FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'
            """);
        return new SchemaSnapshot(lines);
    }

    /// <summary>Lines present in one snapshot and not the other, labelled with the side they are on.</summary>
    public IReadOnlyList<string> DifferencesFrom(SchemaSnapshot other, string thisName, string otherName) =>
        Lines.Except(other.Lines).Select(l => $"only in {thisName}: {l}")
            .Concat(other.Lines.Except(Lines).Select(l => $"only in {otherName}: {l}"))
            .ToList();

    private static async Task ReadAsync(NpgsqlConnection connection, ISet<string> lines, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
    }
}
