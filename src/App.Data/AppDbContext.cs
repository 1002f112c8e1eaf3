using App.Data.AuditLogs;
using App.Data.AuthRelations;
using App.Data.Conventions;
using App.Data.Expenses;
using App.Data.LegacySessions;
using App.Data.Notifications;
using App.Data.Organizations;
using App.Data.RateLimits;
using App.Data.Sync;
using App.Data.Tokens;
using App.Data.Users;
using App.Data.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Data;

/// <summary>The monolith's one unit of work. Entities and their mappings live in feature folders.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<UserTombstone> UserTombstones => Set<UserTombstone>();
    public DbSet<KnownDevice> KnownDevices => Set<KnownDevice>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<PushToken> PushTokens => Set<PushToken>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<Expense> Expenses => Set<Expense>();
    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<RevokedToken> RevokedTokens => Set<RevokedToken>();
    public DbSet<LegacySession> LegacySessions => Set<LegacySession>();
    public DbSet<AuthRelation> AuthRelations => Set<AuthRelation>();
    public DbSet<AuthRelationRevocation> AuthRelationRevocations => Set<AuthRelationRevocation>();
    public DbSet<RateLimitWindow> RateLimitWindows => Set<RateLimitWindow>();
    public DbSet<SyncWatermark> SyncWatermarks => Set<SyncWatermark>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        modelBuilder.UseSnakeCaseNames();
    }
}
