using Npgsql;

namespace App.Api.Hosting;

/// <summary>Turns a <c>postgres://user:password@host:port/db?sslmode=require</c> URL into an Npgsql connection string.</summary>
public static class DatabaseUrl
{
    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new FormatException("DATABASE_URL must look like postgres://user:password@host:5432/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            switch (Uri.UnescapeDataString(kv[0]).ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    builder[kv[0]] = value;
                    break;
            }
        }

        return builder.ConnectionString;
    }
}
