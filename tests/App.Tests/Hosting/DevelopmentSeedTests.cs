using App.Api.Hosting;
using App.Data;
using App.Data.Expenses;
using App.Data.Organizations;
using App.Data.Users;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.Tests.Hosting;

public sealed class DevelopmentFixture() : ApiFixture(new() { Environment = "Development" });

public sealed class ProductionFixture() : ApiFixture(new() { Environment = "Production" });

/// <summary>
/// In Development the API seeds organization <c>demo</c> once the local Auther's users have their rows; never elsewhere.
/// </summary>
public sealed class DevelopmentSeedTests(DevelopmentFixture api) : IClassFixture<DevelopmentFixture>
{
    [Fact]
    public async Task OnceTheSeededUsersExist_DemoIsCreatedOnce_WithBothMembersAndOneSubmittedExpense()
    {
        // Started without the users: the seed waits for their rows instead of writing users itself.
        (await SeedAgainAsync()).ShouldBe(DevelopmentSeed.Outcome.UsersMissing);
        (await DemoAsync()).ShouldBeNull();

        var admin = await AddUserAsync(DevelopmentSeed.AdminEmail, "Dev Admin");
        var user = await AddUserAsync(DevelopmentSeed.UserEmail, "Dev User");

        var demo = await Eventually.ReturnsAsync(DemoAsync, o => o is not null);
        demo.ShouldNotBeNull();
        demo.Members.Select(m => (m.UserId, m.Role)).ShouldBe([(admin, MemberRoles.Owner), (user, MemberRoles.Member)], ignoreOrder: true);
        var expense = (await api.QueryAsync(db => db.Expenses.Where(e => e.OrganizationId == demo.Id).ToListAsync())).ShouldHaveSingleItem();
        expense.Amount.ShouldBe(42.50m);
        expense.Currency.ShouldBe("EUR");
        expense.Status.ShouldBe(ExpenseStatus.Submitted);
        expense.SubmittedBy.ShouldBe(user);

        // Running it again (a restart) changes nothing.
        (await SeedAgainAsync()).ShouldBe(DevelopmentSeed.Outcome.AlreadySeeded);
        (await api.QueryAsync(db => db.Organizations.CountAsync(o => o.Slug == DevelopmentSeed.OrganizationSlug))).ShouldBe(1);
        (await api.QueryAsync(db => db.Members.CountAsync(m => m.OrganizationId == demo.Id))).ShouldBe(2);
        (await api.QueryAsync(db => db.Expenses.CountAsync(e => e.OrganizationId == demo.Id))).ShouldBe(1);
    }

    private async Task<DevelopmentSeed.Outcome> SeedAgainAsync()
    {
        await using var db = api.CreateDbContext();
        return await DevelopmentSeed.SeedAsync(db, TimeProvider.System, CancellationToken.None);
    }

    private Task<Organization?> DemoAsync() =>
        api.QueryAsync(db => db.Organizations.Include(o => o.Members).FirstOrDefaultAsync(o => o.Slug == DevelopmentSeed.OrganizationSlug));

    private async Task<string> AddUserAsync(string email, string name)
    {
        await using var db = api.CreateDbContext();
        var id = TestData.NewUserId();
        db.Users.Add(new User { Id = id, Email = email, Name = name, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return id;
    }
}

public sealed class DevelopmentSeedNotInProductionTests(ProductionFixture api) : IClassFixture<ProductionFixture>
{
    [Fact]
    public async Task InProduction_NothingIsSeeded_EvenWithTheUsersPresent()
    {
        api.Services.GetServices<IHostedService>().OfType<DevelopmentSeed>().ShouldBeEmpty();

        await using (var db = api.CreateDbContext())
        {
            db.Users.Add(new User { Id = TestData.NewUserId(), Email = DevelopmentSeed.AdminEmail, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
            db.Users.Add(new User { Id = TestData.NewUserId(), Email = DevelopmentSeed.UserEmail, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        // Longer than the seed's retry delay: in Development it would have run by now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await api.QueryAsync(db => db.Organizations.AnyAsync(o => o.Slug == DevelopmentSeed.OrganizationSlug))).ShouldBeFalse();
    }
}
