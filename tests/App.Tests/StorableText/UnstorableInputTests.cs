using System.Net;
using System.Net.Http.Json;
using System.Text;
using App.Api.Webhooks;
using App.Data.Webhooks;
using App.Tests.Infrastructure;
using App.TestSupport.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.StorableText;

/// <summary>Text PostgreSQL cannot store is refused at the edge (400, field error) and never locks a token's user out.</summary>
public sealed class UnstorableInputTests(WebhookApiFixture api) : IClassFixture<WebhookApiFixture>
{
    [Theory]
    [InlineData("""{"slug":"nul-org-1","name":"a\u0000b"}""", "name")]
    [InlineData("""{"slug":"nul-org-2","name":"a\ud800b"}""", "name")]
    public async Task OrganizationName_WithUnstorableText_Is400WithAFieldError(string body, string field)
    {
        var caller = await api.SignedInAsync(TestData.NewUserId());

        using var response = await caller.PostAsync("/api/orgs", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, 400);
        problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1);
    }

    [Theory]
    [InlineData("/api/admin/audit-logs?actorId=a%00b", "actorId")]
    [InlineData("/api/admin/webhooks/events?status=%00", "status")]
    public async Task QueryValue_WithNul_Is400WithAFieldError(string path, string field)
    {
        var admin = api.ClientFor(TestData.NewUserId(), "audit:read", "webhook:read");

        using var response = await admin.GetAsync(path);

        var problem = await ProblemAssert.IsProblemAsync(response, 400);
        problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task RevokeJti_WithNul_Is400()
    {
        var admin = api.ClientFor(TestData.NewUserId(), "token:revoke");

        using var response = await admin.PostAsync("/api/admin/tokens/revoke",
            new StringContent("""{"jti":"x\u0000y"}""", Encoding.UTF8, "application/json"));

        (await ProblemAssert.IsProblemAsync(response, 400)).GetProperty("errors").GetProperty("jti").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task TokenWithNulInNameAndAnOverlongEmail_StillReachesTheApp_WithTheProfileCleaned()
    {
        var userId = TestData.NewUserId();
        var email = new string('e', 400) + "@example.com";
        var client = api.ClientWith(api.TokenFor(userId, r => r with { Name = "Ada\u0000 Lovelace", Email = email }));

        using var first = await client.GetAsync("/api/me");
        using var second = await client.GetAsync("/api/orgs");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = api.CreateDbContext();
        var row = await db.Users.SingleAsync(u => u.Id == userId);
        row.Name.ShouldBe("Ada Lovelace");
        row.Email!.Length.ShouldBe(App.Data.TextLimits.Email);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("id")]
    public async Task SignedWebhook_WithNulInItsContent_IsRejected400_WithTheReasonStored(string field)
    {
        var id = TestData.NewUserId();
        var evt = AutherEvent.Create("user.created", new
        {
            id = field == "id" ? id + "\0" : id,
            email = $"{id}@example.com",
            name = field == "name" ? "Bad\0Name" : "Good",
            emailVerified = false,
        });

        using var response = await api.SendAsync(evt);

        var problem = await ProblemAssert.IsProblemAsync(response, 400);
        problem.GetProperty("code").GetString().ShouldBe("webhook_payload_invalid");
        await using var db = api.CreateDbContext();
        var stored = await db.WebhookEvents.SingleAsync(e => e.EventId == evt.Id);
        stored.Status.ShouldBe(WebhookEventStatus.Rejected);
        stored.LastError.ShouldNotBeNull().ShouldContain("cannot be stored");
    }

    [Fact]
    public async Task SignedWebhook_WithBanExpiresOutOfRange_IsRejected400NotFailed()
    {
        var id = TestData.NewUserId();
        var evt = AutherEvent.Create("user.updated", new
        {
            id,
            email = $"{id}@example.com",
            name = "Far future",
            banned = true,
            banExpires = 999_999_999_999_999,
        });

        using var response = await api.SendAsync(evt);

        await ProblemAssert.IsProblemAsync(response, 400);
        await using var db = api.CreateDbContext();
        (await db.WebhookEvents.SingleAsync(e => e.EventId == evt.Id)).Status.ShouldBe(WebhookEventStatus.Rejected);
    }

    [Fact]
    public async Task ExpenseListStatus_IsAListOfNames_NotCombinedFlags()
    {
        var owner = await api.SignedInAsync(TestData.NewUserId());
        var slug = await owner.CreateOrganizationAsync();
        foreach (var description in new[] { "draft one", "submitted one" })
        {
            using var created = await owner.PostAsJsonAsync($"/api/orgs/{slug}/expenses", new { amount = 3m, currency = "EUR", description });
            var expense = await created.JsonAsync();
            if (description.StartsWith("submitted", StringComparison.Ordinal))
            {
                (await owner.PostAsync($"/api/orgs/{slug}/expenses/{expense.GetProperty("id").GetString()}/submit", null)).EnsureSuccessStatusCode();
            }
        }

        var page = await (await owner.GetAsync($"/api/orgs/{slug}/expenses?status=submitted,approved")).JsonAsync();
        using var unknown = await owner.GetAsync($"/api/orgs/{slug}/expenses?status=submitted,3");

        page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("description").GetString()).ShouldBe(["submitted one"]);
        await ProblemAssert.IsProblemAsync(unknown, 400);
    }
}
