using System.Net;
using System.Net.Http.Json;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Features.AuditLogs;

/// <summary>
/// Behind a configured proxy, so the audited address is the forwarded client address. The in-memory test
/// server has no TCP peer (or a loopback one): it plays the proxy.
/// </summary>
public sealed class BehindProxyFixture() : ApiFixture(new() { Settings = { ["Network:KnownProxies:0"] = "127.0.0.1", ["Network:KnownProxies:1"] = "::1" } });

public sealed class AuditLogTests(BehindProxyFixture api) : IClassFixture<BehindProxyFixture>
{
    [Fact]
    public async Task AnImpersonatedAction_RecordsActorImpersonatorAndForwardedClientAddress()
    {
        var userId = TestData.NewUserId();
        var adminId = TestData.NewUserId();
        var impersonated = await api.SignedInAsync(userId, impersonator: adminId);
        var slug = Callers.NewSlug();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orgs") { Content = JsonContent.Create(new { slug, name = "Acme" }) };
        request.Headers.Add("X-Forwarded-For", "203.0.113.77");
        (await impersonated.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await using var db = api.CreateDbContext();
        var row = await db.AuditLogs.SingleAsync(a => a.Action == "organization.created" && a.ActorId == userId);
        row.ImpersonatorId.ShouldBe(adminId);
        row.ActorEmail.ShouldBe($"{userId}@example.test");
        row.Ip.ShouldBe("203.0.113.77");
        row.CreatedAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task List_WithoutAuditRead_Returns403()
    {
        var user = await api.SignedInAsync(TestData.NewUserId(), role: "user");

        using var response = await user.GetAsync("/api/admin/audit-logs");

        await ProblemAssert.IsProblemAsync(response, 403);
    }

    [Fact]
    public async Task List_FiltersByActorImpersonatorActionAndSubject()
    {
        var userId = TestData.NewUserId();
        var adminId = TestData.NewUserId();
        var plain = await api.SignedInAsync(userId);
        var impersonated = await api.SignedInAsync(userId, impersonator: adminId);
        var slug = await plain.CreateOrganizationAsync();
        (await impersonated.PatchAsJsonAsync($"/api/orgs/{slug}", new { name = "Renamed while impersonated" })).EnsureSuccessStatusCode();
        var memberId = TestData.NewUserId();
        await api.SignedInAsync(memberId);
        await plain.AddMemberAsync(slug, memberId, "member");
        var auditor = await api.SignedInAsync(TestData.NewUserId(), role: "admin");

        var byActor = await ListAsync(auditor, $"actorId={userId}");
        var byImpersonator = await ListAsync(auditor, $"impersonatorId={adminId}");
        var byAction = await ListAsync(auditor, $"actorId={userId}&action=member.added");
        var organizationSubject = byActor.Single(a => a.Action == "organization.created").Subject!;
        var exactSubject = await ListAsync(auditor, $"subject={Uri.EscapeDataString(organizationSubject)}");
        var prefixSubject = await ListAsync(auditor, $"subject={Uri.EscapeDataString(organizationSubject + "*")}");

        byActor.Select(a => a.Action).ShouldBe(["member.added", "organization.renamed", "organization.created"]);
        byImpersonator.ShouldHaveSingleItem().Action.ShouldBe("organization.renamed");
        byAction.ShouldHaveSingleItem().Subject.ShouldBe($"{organizationSubject}/member:{memberId}");
        exactSubject.Select(a => a.Action).ShouldBe(["organization.renamed", "organization.created"]);
        prefixSubject.Select(a => a.Action).ShouldBe(["member.added", "organization.renamed", "organization.created"]);
    }

    [Fact]
    public async Task List_PagesByKeyset_AndFiltersByTime()
    {
        var userId = TestData.NewUserId();
        var user = await api.SignedInAsync(userId);
        for (var i = 0; i < 3; i++)
        {
            await user.CreateOrganizationAsync();
        }

        var auditor = await api.SignedInAsync(TestData.NewUserId(), role: "admin");

        var first = await (await auditor.GetAsync($"/api/admin/audit-logs?actorId={userId}&limit=2")).JsonAsync();
        var cursor = first.GetProperty("nextCursor").GetInt64();
        var second = await (await auditor.GetAsync($"/api/admin/audit-logs?actorId={userId}&limit=2&cursor={cursor}")).JsonAsync();
        var future = await ListAsync(auditor, $"actorId={userId}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");
        var past = await ListAsync(auditor, $"actorId={userId}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");
        using var tooMany = await auditor.GetAsync("/api/admin/audit-logs?limit=500");

        var firstIds = first.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        firstIds.Count.ShouldBe(2);
        firstIds.ShouldBeInOrder(SortDirection.Descending);
        var secondItems = second.GetProperty("items").EnumerateArray().ToList();
        secondItems.ShouldHaveSingleItem().GetProperty("id").GetInt64().ShouldBeLessThan(firstIds[^1]);
        second.GetProperty("nextCursor").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        future.ShouldBeEmpty();
        past.Count.ShouldBe(3);
        (await ProblemAssert.IsProblemAsync(tooMany, 400)).GetProperty("errors").TryGetProperty("limit", out _).ShouldBeTrue();
    }

    private static async Task<List<AuditRow>> ListAsync(HttpClient auditor, string query)
    {
        using var response = await auditor.GetAsync($"/api/admin/audit-logs?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<AuditPage>())!.Items;
    }

    private sealed record AuditPage(List<AuditRow> Items, long? NextCursor);

    private sealed record AuditRow(long Id, string ActorId, string? ImpersonatorId, string Action, string? Subject, string? Ip);
}
