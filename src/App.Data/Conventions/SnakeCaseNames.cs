using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace App.Data.Conventions;

/// <summary>
/// Maps every table, column, key, foreign key and index to snake_case, as EFCore.NamingConventions
/// would (it has no EF 10 release). Applying it to a name that is already snake_case changes nothing,
/// so a configuration may still spell a name out.
/// </summary>
public static class SnakeCaseNames
{
    private static readonly HashSet<string> SystemColumns = ["xmin", "xmax", "ctid", "cmin", "cmax", "tableoid"];

    public static void UseSnakeCaseNames(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var table = ToSnakeCase(entity.GetTableName()!);
            entity.SetTableName(table);

            var storeObject = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(storeObject) ?? property.Name;
                // Npgsql maps a uint row version onto PostgreSQL's system column xmin: never rename it.
                if (!SystemColumns.Contains(column))
                {
                    property.SetColumnName(ToSnakeCase(column));
                }
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(key.IsPrimaryKey() ? $"pk_{table}" : $"ak_{table}_{Columns(key.Properties)}");
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(
                    $"fk_{table}_{ToSnakeCase(foreignKey.PrincipalEntityType.GetTableName()!)}_{Columns(foreignKey.Properties)}");
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName($"{(index.IsUnique ? "ux" : "ix")}_{table}_{Columns(index.Properties)}");
            }
        }
    }

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsUpper(c))
            {
                builder.Append(c);
                continue;
            }

            var startsWord = i > 0 && name[i - 1] != '_' &&
                (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                 (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static string Columns(IEnumerable<IMutableProperty> properties) =>
        string.Join('_', properties.Select(p => p.GetColumnName()));
}
