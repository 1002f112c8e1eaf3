using System.Text.Json;
using App.Api.Webhooks;

namespace App.Tests.Webhooks;

/// <summary>Which user an event is about: the key that lets a user's deletion scrub the stored payloads.</summary>
public sealed class WebhookEnvelopeTests
{
    [Theory]
    [InlineData("user.updated", """{"id":"u1","email":"a@example.com"}""", "u1")]
    [InlineData("user.deleted", """{"id":"u1"}""", "u1")]
    [InlineData("session.created", """{"userId":"u1","ipAddress":"198.51.100.7"}""", "u1")]
    [InlineData("security.new_device_login", """{"userId":"u1"}""", "u1")]
    [InlineData("access.granted", """{"userId":"u1","entityType":"org"}""", "u1")]
    [InlineData("group.member.added", """{"groupId":"g1","userId":"u1"}""", "u1")]
    [InlineData("grant.created", """{"tupleId":"t1","subjectType":"user","subjectId":"u1"}""", "u1")]
    [InlineData("grant.created", """{"tupleId":"t1","subjectType":"group","subjectId":"g1"}""", null)]
    [InlineData("grant.revoked", """{"tupleId":"t1"}""", null)]
    [InlineData("user.updated", """{"id":42}""", null)]
    [InlineData("user.updated", """[]""", null)]
    [InlineData("user.updated", """{"id":""}""", null)]
    [InlineData("user.updated", """{"id":"u\uD800"}""", null)]
    [InlineData("organization.created", """{"id":"org_1"}""", null)]
    public void UserId_IsTheUserTheEventIsAbout(string type, string data, string? expected)
    {
        using var json = JsonDocument.Parse(data);

        new WebhookEnvelope("evt_1", type, 1767225600123, json.RootElement, null).UserId.ShouldBe(expected);
    }

    [Fact]
    public void UserId_LongerThanAUserIdCanBe_IsNotAUser()
    {
        using var json = JsonDocument.Parse($$"""{"id":"{{new string('u', 256)}}"}""");

        new WebhookEnvelope("evt_1", "user.updated", 1767225600123, json.RootElement, null).UserId.ShouldBeNull();
    }

    [Fact]
    public void UserId_AsLongAsAUserIdCanBe_IsTheUser()
    {
        var id = new string('u', App.Data.Users.User.IdMaxLength);
        using var json = JsonDocument.Parse($$"""{"id":"{{id}}"}""");

        new WebhookEnvelope("evt_1", "user.updated", 1767225600123, json.RootElement, null).UserId.ShouldBe(id);
    }
}
