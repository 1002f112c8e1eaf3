using System.Security.Cryptography;
using App.Api.Webhooks;
using Microsoft.AspNetCore.Http;

namespace App.Tests.Webhooks;

/// <summary>
/// How the receiver buffers a body: a declared length over the limit is refused before anything is read, and a
/// body without a declared length grows the buffer with what arrives, never to the limit at once.
/// </summary>
public sealed class WebhookBodyBufferTests
{
    private static readonly int Limit = new WebhookOptions().MaxBodyBytes;

    [Fact]
    public async Task ADeclaredLengthOverTheLimit_IsRefused_WithoutReadingTheBody()
    {
        var body = new RecordingStream(new byte[100]);
        var request = new DefaultHttpContext().Request;
        request.Body = body;
        request.ContentLength = Limit + 1;

        (await WebhookReceiver.ReadBodyAsync(request, Limit, CancellationToken.None)).ShouldBeNull();

        body.Offered.ShouldBeEmpty();
    }

    [Fact]
    public async Task ABodyWithoutADeclaredLength_GrowsTheBufferWithWhatArrives_NotToTheLimitAtOnce()
    {
        var bytes = RandomNumberGenerator.GetBytes(9000);
        var body = new RecordingStream(bytes);
        var request = new DefaultHttpContext().Request;
        request.Body = body;

        (await WebhookReceiver.ReadBodyAsync(request, Limit, CancellationToken.None)).ShouldBe(bytes);

        // 8 KiB first, then doubled: a 9,000-byte body never offers a read more room than that.
        body.Offered.Max().ShouldBeLessThanOrEqualTo(16 * 1024);
    }

    /// <summary>Records the room each read is offered.</summary>
    private sealed class RecordingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public List<int> Offered { get; } = [];

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Offered.Add(buffer.Length);
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
