using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Data.Webhooks;
using App.Tests.Infrastructure;
using Auther.Dev;
using Auther.Dev.Webhooks;
using Auther.Dev.Webhooks.Delivery;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Webhooks;

/// <summary>
/// End to end: the local Auther signs and delivers its own webhooks (both formats, retries, duplicates,
/// shuffled batches) to the API listening on a real loopback socket.
/// </summary>
public sealed class AutherDeliveryTests(RealSocketFixture api) : IClassFixture<RealSocketFixture>
{
    [Fact]
    public async Task SignUpThroughTheApp_ArrivesAsANativeUserCreated_AndCreatesTheShadowRowBeforeAnyRequest()
    {
        using var _ = Endpoint(SignatureFormat.Native);
        var email = $"{Guid.NewGuid():N}@example.com";

        using var response = await api.CreateClient().PostAsJsonAsync("/api/auth/sign-up", new { email, password = "correct horse battery", name = "Webhook Person" });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var userId = body.RootElement.GetProperty("userId").GetString()!;

        var row = await Eventually.ReturnsAsync(() => FindUserAsync(userId), r => r is not null);
        (row!.Email, row.Name).ShouldBe((email, "Webhook Person"));
    }

    [Fact]
    public async Task BanInAuther_ArrivesAsASvixUserUpdated_AndCutsOffTheUsersLiveToken()
    {
        using var _ = Endpoint(SignatureFormat.Svix);
        var userId = TestData.NewUserId();
        api.Auther.CreateUser($"{userId}@example.com", "Soon Banned", userId);
        var token = api.TokenFor(userId);
        (await api.ClientWith(token).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        api.Auther.Ban(userId, "spam");

        var status = await Eventually.ReturnsAsync(async () => (await api.ClientWith(token).GetAsync("/api/me")).StatusCode,
            s => s == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(10));
        status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DeliveredTwice_IsAppliedOnce()
    {
        using var _ = Endpoint(SignatureFormat.Native);
        api.Auther.DeliverTwice = true;
        try
        {
            var userId = TestData.NewUserId();
            var evt = api.Auther.Emit("user.updated", new { id = userId, email = $"{userId}@example.com", name = "Twice", emailVerified = true, updatedAt = DateTimeOffset.UtcNow });
            await api.Auther.WaitForDeliveriesAsync(ds => ds.Count(d => d.Id == evt.Id && d.Status == DeliveryStatus.Delivered) == 2, TimeSpan.FromSeconds(10));

            await using var db = api.CreateDbContext();
            (await db.WebhookEvents.CountAsync(e => e.MessageId == evt.Id)).ShouldBe(1);
            (await db.WebhookEvents.SingleAsync(e => e.MessageId == evt.Id)).Status.ShouldBe(WebhookEventStatus.Applied);
        }
        finally
        {
            api.Auther.DeliverTwice = false;
        }
    }

    [Fact]
    public async Task CreateUpdateDelete_HeldThenReleasedInShuffledOrder_LeaveTheUserDeleted()
    {
        using var _ = Endpoint(SignatureFormat.Native);
        var userId = TestData.NewUserId();
        api.Auther.ShuffleBatches = true;
        api.Auther.Hold();
        try
        {
            api.Auther.EmitBatch([
                ("user.created", new { id = userId, email = $"{userId}@example.com", name = "Short Lived", emailVerified = true, createdAt = DateTimeOffset.UtcNow }),
                ("user.updated", new { id = userId, email = $"{userId}@example.com", name = "Renamed", emailVerified = true, updatedAt = DateTimeOffset.UtcNow }),
                ("user.deleted", new { id = userId }),
            ]);
        }
        finally
        {
            api.Auther.Release();
            api.Auther.ShuffleBatches = false;
        }

        await api.Auther.WaitUntilIdleAsync(TimeSpan.FromSeconds(10));
        (await FindUserAsync(userId)).ShouldBeNull();
        await using var db = api.CreateDbContext();
        (await db.UserTombstones.AnyAsync(t => t.UserId == userId)).ShouldBeTrue();
    }

    private async Task<App.Data.Users.User?> FindUserAsync(string userId)
    {
        await using var db = api.CreateDbContext();
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId);
    }

    /// <summary>Points the local Auther at this API's receiver for the duration of one test.</summary>
    private EndpointRegistration Endpoint(SignatureFormat format)
    {
        var url = new Uri(api.Address, "/api/webhooks/auther").ToString();
        api.Auther.AddWebhookEndpoint(new WebhookEndpointOptions { Url = url, Secret = ApiFixture.WebhookSecret, Format = format });
        return new EndpointRegistration(() => api.Auther.RemoveWebhookEndpoint(url));
    }

    private sealed class EndpointRegistration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}

public sealed class RealSocketFixture() : ApiFixture(new() { RealSocket = true });
