using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace App.Web.Data;

/// <summary>
/// The web app's own tables, in schema <c>web</c> with their own migrations history: the API's model and
/// migrations (App.Data) never see them, and this model never sees the API's.
/// </summary>
public sealed class WebDbContext(DbContextOptions<WebDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string Schema = "web";

    public DbSet<WebSession> Sessions => Set<WebSession>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", Schema))
            .UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<WebSession>(session =>
        {
            session.ToTable("sessions");
            session.HasKey(s => s.KeyHash);
            session.Property(s => s.KeyHash).HasMaxLength(WebSession.KeyHashLength);
            session.Property(s => s.UserId).HasMaxLength(WebSession.UserIdMaxLength);
            session.HasIndex(s => s.ExpiresAt).HasDatabaseName("ix_sessions_expires_at");
        });
    }
}
