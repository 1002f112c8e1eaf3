using System.Text.Json;
using App.Api.ShadowUsers;
using App.Api.Webhooks;
using App.Api.Webhooks.Handlers;
using App.Data;

namespace App.Tests.Webhooks;

/// <summary>
/// Reading an event's <c>data</c> as both Auther sources send it: text, booleans (possibly null or text), dates as
/// ISO text or epoch milliseconds within years 1 to 9999, and a user's fields up to their columns' lengths.
/// Anything else is a <see cref="WebhookPayloadException"/> (400, recorded as rejected).
/// </summary>
public sealed class EventDataTests
{
    [Theory]
    [InlineData("""{"id":"u1"}""", "u1")]
    [InlineData("""{"id":42}""", "42")]
    [InlineData("""{"id":true}""", "true")]
    public void Required_IsTheFieldAsText(string data, string expected) =>
        EventData.Required(Json(data), "id").ShouldBe(expected);

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"id":null}""")]
    [InlineData("""{"id":""}""")]
    [InlineData("""{"id":{"nested":1}}""")]
    public void Required_MissingNullEmptyOrNotText_IsAPayloadError(string data) =>
        Should.Throw<WebhookPayloadException>(() => EventData.Required(Json(data), "id"));

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("null", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"False\"", false)]
    public void AsBool_ReadsBooleansNullAndText(string value, bool expected) =>
        EventData.AsBool(Json(value)).ShouldBe(expected);

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public void AsBool_OfAnythingElse_IsAPayloadError(string value) =>
        Should.Throw<WebhookPayloadException>(() => EventData.AsBool(Json(value)));

    [Theory]
    [InlineData("-62135596800000", "0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("253402300799999", "9999-12-31T23:59:59.9990000+00:00")]
    [InlineData("\"2030-01-01T02:00:00+02:00\"", "2030-01-01T00:00:00.0000000+00:00")]
    [InlineData("\"2030-01-01T00:00:00\"", "2030-01-01T00:00:00.0000000+00:00")]
    public void AsTime_ReadsEpochMillisecondsAndIsoText_InUtc(string value, string expected)
    {
        var time = EventData.AsTime(Json(value));

        time!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expected);
        time.Value.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("-62135596800001")]
    [InlineData("253402300800000")]
    [InlineData("1.5")]
    [InlineData("\"next tuesday\"")]
    [InlineData("true")]
    public void AsTime_OutOfRangeOrNotADate_IsAPayloadError(string value) =>
        Should.Throw<WebhookPayloadException>(() => EventData.AsTime(Json(value)));

    [Fact]
    public void Time_AbsentOrNull_IsNull()
    {
        EventData.Time(Json("""{}"""), "banExpires").ShouldBeNull();
        EventData.Time(Json("""{"banExpires":null}"""), "banExpires").ShouldBeNull();
    }

    [Fact]
    public void AUsersFields_AsLongAsTheirColumns_AreRead()
    {
        var id = new string('i', App.Data.Users.User.IdMaxLength);
        var email = new string('e', TextLimits.Email);
        var name = new string('n', TextLimits.PersonName);
        var role = new string('r', TextLimits.Identifier);

        var user = UserProfile.From(Json($$"""{"id":"{{id}}","email":"{{email}}","name":"{{name}}","role":"{{role}}","image":null}"""), DateTimeOffset.UnixEpoch, created: true);

        user.Id.ShouldBe(id);
        user.Fields[UserField.Email].ShouldBe(email);
        user.Fields[UserField.Name].ShouldBe(name);
        user.Fields[UserField.Role].ShouldBe(role);
        user.Fields.ShouldContainKey(UserField.Image);
        user.Fields[UserField.Image].ShouldBeNull();
        user.Fields.ShouldNotContainKey(UserField.Banned);
    }

    [Theory]
    [InlineData("id", App.Data.Users.User.IdMaxLength)]
    [InlineData("email", TextLimits.Email)]
    [InlineData("name", TextLimits.PersonName)]
    [InlineData("role", TextLimits.Identifier)]
    public void AUsersFieldLongerThanItsColumn_IsAPayloadError(string field, int maxLength)
    {
        var data = new Dictionary<string, string> { ["id"] = "u1", [field] = new string('x', maxLength + 1) };

        Should.Throw<WebhookPayloadException>(() => UserProfile.From(Json(JsonSerializer.Serialize(data)), DateTimeOffset.UnixEpoch, created: false));
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
