using App.Api.Features.Notifications;
using App.Data.Notifications;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Features.Notifications;

/// <summary>The notification service honours per-type preferences; no preference row means every channel.</summary>
public sealed class NotificationServiceTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    [Fact]
    public async Task WithoutPreferences_EveryChannelCarriesIt()
    {
        var (userId, token) = await UserWithTokenAsync();

        var delivery = await SendAsync(new NotificationMessage(userId, "expense.approved", "Approved", "Your expense was approved",
            new Dictionary<string, string?> { ["expenseId"] = "e1" }));

        var row = await api.QueryAsync(db => db.Notifications.SingleAsync(n => n.UserId == userId));
        (row.Id, row.Type, row.Title, row.Body).ShouldBe((delivery.NotificationId!.Value, "expense.approved", "Approved", "Your expense was approved"));
        row.Data!.ShouldContain("expenseId");
        api.Push.SentTo(token).ShouldHaveSingleItem().Message.Title.ShouldBe("Approved");
    }

    [Fact]
    public async Task APreference_AppliesToItsTypeOnly()
    {
        var (userId, token) = await UserWithTokenAsync();
        await using (var db = api.CreateDbContext())
        {
            db.NotificationPreferences.Add(new NotificationPreference { UserId = userId, Type = "muted", InApp = false, Push = false, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        await SendAsync(new NotificationMessage(userId, "muted", "Muted"));
        await SendAsync(new NotificationMessage(userId, "loud", "Loud"));

        (await api.QueryAsync(db => db.Notifications.Where(n => n.UserId == userId).Select(n => n.Type).ToListAsync())).ShouldBe(["loud"]);
        api.Push.SentTo(token).Select(p => p.Message.Type).ShouldBe(["loud"]);
    }

    [Fact]
    public async Task StoreAsync_SendsNoPushUntilAskedTo()
    {
        var (userId, token) = await UserWithTokenAsync();
        await using var scope = api.App.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<NotificationService>();

        var delivery = await service.StoreAsync(new NotificationMessage(userId, "t", "Later"), CancellationToken.None);
        api.Push.SentTo(token).ShouldBeEmpty();

        await service.PushAsync(delivery, CancellationToken.None);
        api.Push.SentTo(token).Count.ShouldBe(1);
    }

    private async Task<NotificationDelivery> SendAsync(NotificationMessage message)
    {
        await using var scope = api.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationService>().SendAsync(message, CancellationToken.None);
    }

    private async Task<(string UserId, string Token)> UserWithTokenAsync()
    {
        var user = await api.AddUserAsync();
        var token = "push-" + Guid.NewGuid().ToString("N");
        await using var db = api.CreateDbContext();
        db.PushTokens.Add(new PushToken { Id = Guid.NewGuid(), UserId = user.Id, Token = token, Platform = "web", CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return (user.Id, token);
    }
}
