using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using App.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace App.Api.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/auther</c>: read the raw body (capped), verify its signature before parsing
/// anything, parse the envelope, and hand it to the inbox. A bad signature stores nothing; malformed
/// content with a good signature is recorded as rejected; a processing failure answers 500 so Auther retries.
/// </summary>
public sealed class WebhookReceiver(
    WebhookVerifier verifier,
    WebhookProcessor processor,
    WebhookInbox inbox,
    WebhookMetrics metrics,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookReceiver> logger)
{
    public async Task<Results<Ok<WebhookAck>, ProblemHttpResult>> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (type, format, outcome, answer) = await HandleAsync(request, cancellationToken);
        metrics.Record(type, format, outcome, Stopwatch.GetElapsedTime(started));
        return answer;
    }

    private async Task<(string? Type, WebhookFormat? Format, WebhookOutcome Outcome, Results<Ok<WebhookAck>, ProblemHttpResult> Answer)> HandleAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = options.CurrentValue.MaxBodyBytes;
        var body = await ReadBodyAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return (null, null, WebhookOutcome.Rejected,
                Problem(StatusCodes.Status413PayloadTooLarge, "Webhook body too large", $"The body exceeds {limit} bytes.", "webhook_too_large"));
        }

        var verification = verifier.Verify(request.Headers, body);
        if (!verification.IsValid)
        {
            logger.LogWarning("Webhook delivery refused ({WebhookFormat}): {Reason}", verification.Format?.Name() ?? WebhookMetrics.UnknownTag, verification.Failure);
            return (null, verification.Format, WebhookOutcome.BadSignature,
                Problem(StatusCodes.Status401Unauthorized, "Invalid webhook signature", verification.Failure, "webhook_signature_invalid"));
        }

        var format = verification.Format!.Value;
        var payload = Encoding.UTF8.GetString(body);
        WebhookEnvelope envelope;
        try
        {
            envelope = WebhookEnvelopeParser.Parse(body);
        }
        catch (WebhookPayloadException ex)
        {
            // A native delivery without a parseable envelope has no signed id: key it by its content.
            var messageId = verification.MessageId ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
            await inbox.RecordUnparseableAsync(messageId, format, payload, ex.Message, cancellationToken);
            logger.LogWarning("Webhook {MessageId} rejected: {Reason}", messageId, ex.Message);
            return (null, format, WebhookOutcome.Rejected, Rejected(ex.Message));
        }

        if (format == WebhookFormat.Native && verification.MessageId is { } headerId && headerId != envelope.Id)
        {
            // The native signature does not cover x-webhook-id; a different one means someone changed it.
            return (envelope.Type, format, WebhookOutcome.BadSignature, Problem(StatusCodes.Status401Unauthorized, "Invalid webhook signature",
                "x-webhook-id does not match the signed envelope id.", "webhook_signature_invalid"));
        }

        var message = new WebhookMessage(format == WebhookFormat.Svix ? verification.MessageId! : envelope.Id, format, envelope, payload);
        if (AheadOfItsSignature(envelope, verification.SignedAt!.Value, options.CurrentValue.FutureTolerance) is { } ahead)
        {
            await inbox.RecordRejectedAsync(message, ahead, cancellationToken);
            logger.LogWarning("Webhook {MessageId} rejected: {Reason}", message.MessageId, ahead);
            return (envelope.Type, format, WebhookOutcome.Rejected, Rejected(ahead));
        }

        var result = await processor.ProcessAsync(message, cancellationToken);
        Results<Ok<WebhookAck>, ProblemHttpResult> answer = result.Outcome switch
        {
            WebhookOutcome.Rejected => Rejected(result.Detail),
            WebhookOutcome.Failed => Problem(StatusCodes.Status500InternalServerError, "Webhook processing failed", result.Detail, "webhook_processing_failed"),
            _ => TypedResults.Ok(new WebhookAck(message.MessageId, result.Outcome.Name())),
        };
        return (envelope.Type, format, result.Outcome, answer);
    }

    /// <summary>
    /// The envelope's timestamp orders events, so one dated ahead would make every later event of its user
    /// stale (and the poll skip the row) until that date. An event cannot have happened after it was signed:
    /// Svix re-signs retries with a fresh time (the event is older), native retries keep the creation time (the
    /// same); either way only an envelope time beyond the signature's, or beyond now, by more than the skew is refused.
    /// </summary>
    private string? AheadOfItsSignature(WebhookEnvelope envelope, DateTimeOffset signedAt, TimeSpan skew)
    {
        var limit = new[] { signedAt, time.GetUtcNow() }.Min() + skew;
        return envelope.OccurredAt > limit
            ? $"The envelope's timestamp ({envelope.OccurredAt:O}) is later than its signature ({signedAt:O}) or now by more than {skew}."
            : null;
    }

    private static ProblemHttpResult Rejected(string? detail) =>
        Problem(StatusCodes.Status400BadRequest, "Malformed webhook payload", detail, "webhook_payload_invalid");

    private static ProblemHttpResult Problem(int status, string title, string? detail, string code) =>
        Problems.Result(status, code, title, detail);

    /// <summary>
    /// The raw bytes, or null when they exceed <paramref name="limit"/> (declared, then nothing is read; or actual).
    /// The buffer grows with what arrives, up to one byte past the limit, so a small body never costs the limit.
    /// </summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new byte[request.ContentLength is { } length ? (int)length + 1 : 8192];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limit + 1));
            }

            int read;
            try
            {
                read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken);
            }
            catch (IOException ex) when (ex is not BadHttpRequestException)
            {
                // Kestrel reports some malformed bodies (a chunk size that overflows) as a plain IOException; the
                // framework's body binding answers those 400, and so does this raw read. A reset is a client abort.
                throw new BadHttpRequestException($"The request body could not be read: {ex.Message}", StatusCodes.Status400BadRequest, ex);
            }

            if (read == 0)
            {
                return buffer[..total];
            }

            total += read;
            if (total > limit)
            {
                return null;
            }
        }
    }
}

/// <summary>The answer to Auther: which message, and what became of it (applied, duplicate, stale, ignored).</summary>
public sealed record WebhookAck(string MessageId, string Outcome);
