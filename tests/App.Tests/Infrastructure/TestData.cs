using App.Data;
using App.Data.Users;

namespace App.Tests.Infrastructure;

/// <summary>Small helpers to seed rows directly; each test uses its own ids.</summary>
public static class TestData
{
    /// <summary>A fresh Auther-style user id: every test owns its users.</summary>
    public static string NewUserId() => "u_" + Guid.NewGuid().ToString("N")[..20];

    public static async Task<User> AddUserAsync(this ApiFixture api, string? id = null, DateTimeOffset? lastEventAt = null)
    {
        await using var db = api.CreateDbContext();
        var user = new User
        {
            Id = id ?? NewUserId(),
            Email = $"{Guid.NewGuid():N}@example.com",
            Name = "Test User",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            LastEventAt = lastEventAt,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public static async Task ExecuteAsync(this ApiFixture api, string sql)
    {
        await using var db = api.CreateDbContext();
        await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, sql);
    }

    public static async Task<T> QueryAsync<T>(this ApiFixture api, Func<AppDbContext, Task<T>> query)
    {
        await using var db = api.CreateDbContext();
        return await query(db);
    }
}
