using System.Text;
using App.Api.Webhooks;

namespace App.Tests.Webhooks;

/// <summary>
/// The envelope read from the raw body, JSON or form fields: its timestamp in milliseconds (seconds scaled), its
/// origin, and a <see cref="WebhookPayloadException"/> (400, recorded as rejected) for anything else, never another exception.
/// </summary>
public sealed class WebhookEnvelopeParserTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    public void AnEmptyBody_IsAPayloadError(string body) =>
        Should.Throw<WebhookPayloadException>(() => Parse(body));

    [Fact]
    public void AJsonEnvelope_AfterLeadingWhitespace_IsReadWithItsOrigin()
    {
        var envelope = Parse("""  {"id":"evt_1","type":"user.updated","timestamp":1767225600123,"data":{"id":"u1"},"origin":"better-auth"}""");

        (envelope.Id, envelope.Type, envelope.Timestamp, envelope.Origin).ShouldBe(("evt_1", "user.updated", 1767225600123L, "better-auth"));
        envelope.Data.GetProperty("id").GetString().ShouldBe("u1");
    }

    [Fact]
    public void AnOriginThatIsNotText_IsNoOrigin() =>
        Parse("""{"id":"evt_1","type":"user.updated","timestamp":1767225600123,"data":{},"origin":7}""").Origin.ShouldBeNull();

    [Theory]
    [InlineData("origin=auther&", "auther")]
    [InlineData("origin=&", null)]
    [InlineData("", null)]
    public void AFormEnvelope_IsReadWithItsOrigin(string origin, string? expected)
    {
        var envelope = Parse($"{origin}id=evt_1&type=user.updated&timestamp=1767225600123&data=%7B%22id%22%3A%22u1%22%7D");

        (envelope.Id, envelope.Type, envelope.Timestamp, envelope.Origin).ShouldBe(("evt_1", "user.updated", 1767225600123L, expected));
        envelope.Data.GetProperty("id").GetString().ShouldBe("u1");
    }

    [Theory]
    [InlineData("1767225600", 1767225600000)]
    [InlineData("\"1767225600123\"", 1767225600123)]
    [InlineData("99999999999", 99999999999000)]
    [InlineData("100000000000", 100000000000)]
    [InlineData("100000000000000", 100000000000000)]
    public void TheTimestamp_IsMilliseconds_ScaledFromSeconds_AndMayBeText(string timestamp, long expected) =>
        Parse($$$"""{"id":"evt_1","type":"user.updated","timestamp":{{{timestamp}}},"data":{}}""").Timestamp.ShouldBe(expected);

    [Theory]
    [InlineData("0")]
    [InlineData("-1767225600123")]
    [InlineData("100000000000001")]
    [InlineData("\"17672256001x\"")]
    [InlineData("\"-1767225600123\"")]
    [InlineData("1.5")]
    [InlineData("null")]
    public void ATimestampThatIsNotAPositiveMillisecondsValue_IsAPayloadError(string timestamp) =>
        Should.Throw<WebhookPayloadException>(() => Parse($$$"""{"id":"evt_1","type":"user.updated","timestamp":{{{timestamp}}},"data":{}}"""));

    [Theory]
    [InlineData("""{"id":" ","type":"user.updated","timestamp":1767225600123,"data":{}}""")]
    [InlineData("""{"id":7,"type":"user.updated","timestamp":1767225600123,"data":{}}""")]
    [InlineData("""{"id":"evt_1","timestamp":1767225600123,"data":{}}""")]
    [InlineData("""{"id":"evt_1","type":"user.updated","timestamp":1767225600123,"data":[]}""")]
    [InlineData("""{"id":"evt_1","type":"user.updated","timestamp":1767225600123}""")]
    [InlineData("""{"id":"evt_\uD800","type":"user.updated","timestamp":1767225600123,"data":{}}""")]
    [InlineData("""{"id":"evt_1","type":"user.updated",""")]
    public void AJsonEnvelopeWithoutItsFields_IsAPayloadError(string body) =>
        Should.Throw<WebhookPayloadException>(() => Parse(body));

    [Theory]
    [InlineData("id=%20&type=user.updated&timestamp=1767225600123&data=%7B%7D")]
    [InlineData("id=evt_1&timestamp=1767225600123&data=%7B%7D")]
    [InlineData("id=evt_1&type=user.updated&timestamp=1767225600123&data=%5B%5D")]
    [InlineData("id=evt_1&type=user.updated&timestamp=1767225600123&data=%7B")]
    [InlineData("id=evt_1&type=user.updated&timestamp=0&data=%7B%7D")]
    public void AFormEnvelopeWithoutItsFields_IsAPayloadError(string body) =>
        Should.Throw<WebhookPayloadException>(() => Parse(body));

    [Fact]
    public void ABodyThatIsNeitherJsonNorUtf8_IsAPayloadError() =>
        Should.Throw<WebhookPayloadException>(() => WebhookEnvelopeParser.Parse(new byte[] { (byte)'i', (byte)'d', (byte)'=', 0xC3, 0x28 }));

    /// <summary>The answer says which field is wrong, not that the text is not Unicode.</summary>
    [Theory]
    [InlineData("""{"id":7,"type":"user.updated","timestamp":1767225600123,"data":{}}""", "id")]
    [InlineData("""{"id":"evt_1","type":{},"timestamp":1767225600123,"data":{}}""", "type")]
    public void AJsonEnvelopeField_ThatIsNotAString_IsNamedInTheError(string body, string field) =>
        Should.Throw<WebhookPayloadException>(() => Parse(body)).Message.ShouldBe($"The envelope has no '{field}' string.");

    /// <summary>Every field present, but one holds bytes that are not UTF-8: refused, not read with U+FFFD in their place.</summary>
    [Fact]
    public void AFormEnvelope_WithBytesThatAreNotUtf8_IsAPayloadError()
    {
        var body = Encoding.UTF8.GetBytes("id=evt_").Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes("&type=user.updated&timestamp=1767225600123&data=%7B%7D")).ToArray();

        Should.Throw<WebhookPayloadException>(() => WebhookEnvelopeParser.Parse(body)).Message.ShouldContain("UTF-8");
    }

    private static WebhookEnvelope Parse(string body) => WebhookEnvelopeParser.Parse(Encoding.UTF8.GetBytes(body));
}
