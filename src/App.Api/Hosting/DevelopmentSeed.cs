using App.Api.Database;
using App.Data;
using App.Data.Expenses;
using App.Data.Organizations;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Hosting;

/// <summary>
/// In Development only: something to try approve and reject on at once. Once the local Auther's seeded users
/// (<c>./run.sh</c>: <see cref="AdminEmail"/> and <see cref="UserEmail"/>) have their rows here, it creates the
/// organization <c>demo</c> with the admin as owner, the user as member, and one submitted expense of 42.50 EUR
/// by the user. It never writes <c>users</c>: the rows arrive the usual way (Auther's <c>user.created</c> webhooks,
/// the poll, or a first sign-in), so it waits for them. Once <c>demo</c> exists it does nothing, however it changed.
/// </summary>
public sealed partial class DevelopmentSeed(IServiceScopeFactory scopes, TimeProvider time, ILogger<DevelopmentSeed> logger) : BackgroundService
{
    public const string AdminEmail = "admin@example.com";
    public const string UserEmail = "user@example.com";
    public const string OrganizationSlug = "demo";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(10);

    public enum Outcome
    {
        Created,
        AlreadySeeded,
        UsersMissing,
    }

    /// <summary>Registers the seed when, and only when, the app runs in Development.</summary>
    public static void AddTo(IServiceCollection services, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            services.AddHostedService<DevelopmentSeed>();
        }
    }

    /// <summary>One attempt: creates <c>demo</c> unless it exists or the seeded users have no rows yet.</summary>
    public static async Task<Outcome> SeedAsync(AppDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Organizations.AnyAsync(o => o.Slug == OrganizationSlug, cancellationToken))
        {
            return Outcome.AlreadySeeded;
        }

        var users = await db.Users.AsNoTracking()
            .Where(u => (u.Email == AdminEmail || u.Email == UserEmail) && u.MissingSince == null)
            .ToListAsync(cancellationToken);
        var admin = users.FirstOrDefault(u => u.Email == AdminEmail);
        var user = users.FirstOrDefault(u => u.Email == UserEmail);
        if (admin is null || user is null)
        {
            return Outcome.UsersMissing;
        }

        var now = time.GetUtcNow();
        var organization = new Organization { Id = Guid.CreateVersion7(), Slug = OrganizationSlug, Name = "Demo", CreatedBy = admin.Id, CreatedAt = now };
        organization.Members.Add(new Member { Id = Guid.CreateVersion7(), UserId = admin.Id, Role = MemberRoles.Owner, CreatedAt = now });
        organization.Members.Add(new Member { Id = Guid.CreateVersion7(), UserId = user.Id, Role = MemberRoles.Member, CreatedAt = now });
        db.Organizations.Add(organization);
        db.Expenses.Add(new Expense
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organization.Id,
            SubmittedBy = user.Id,
            SubmitterName = user.Name ?? user.Email,
            Amount = 42.50m,
            Currency = "EUR",
            Description = "Taxi from the airport (demo)",
            Status = ExpenseStatus.Submitted,
            CreatedAt = now,
            UpdatedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Created;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another instance (./run.sh --instances) seeded it first.
            return Outcome.AlreadySeeded;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await SeedAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), time, stoppingToken);
                if (outcome == Outcome.Created)
                {
                    LogCreated(logger, OrganizationSlug, AdminEmail, UserEmail);
                }

                if (outcome != Outcome.UsersMissing)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException && DatabaseFaults.IsUnavailable(ex))
            {
                // The database is not up yet: the next attempt will tell.
            }

            if (time.GetUtcNow() - started > GiveUpAfter)
            {
                LogGaveUp(logger, OrganizationSlug, AdminEmail, UserEmail);
                return;
            }

            await Task.Delay(RetryDelay, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development seed: organization {Slug} created ({Admin} owner, {User} member, one submitted expense)")]
    private static partial void LogCreated(ILogger logger, string slug, string admin, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development seed: organization {Slug} not created: no users {Admin} and {User} here (they appear after the local Auther's webhooks or their first sign-in)")]
    private static partial void LogGaveUp(ILogger logger, string slug, string admin, string user);
}
