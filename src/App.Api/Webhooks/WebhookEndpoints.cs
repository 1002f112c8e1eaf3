using System.ComponentModel;
using App.Api.Auth;
using App.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace App.Api.Webhooks;

public static class WebhookEndpoints
{
    public const string ReceiveName = "ReceiveAutherWebhook";

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        // Authenticated by its signature, not by a bearer token; the body is read raw, never model-bound.
        app.MapPost("/api/webhooks/auther", ReceiveAsync)
            .AllowAnonymous()
            .WithTags("Webhooks")
            .WithName(ReceiveName)
            .WithSummary("Auther's signed user-lifecycle events (Svix / Standard Webhooks or Auther-native format).")
            .WithDescription("Called by Auther, not by people: the signature is the authentication. A bad or missing signature is a 401.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        var admin = app.MapGroup("/api/admin/webhooks").WithTags("Webhooks (admin)");
        admin.MapGet("/events", ListAsync).RequireAuthorization(Policies.WebhookRead).WithName("ListWebhookEvents")
            .WithSummary("Recent webhook events, newest first, with their status, attempts and last error.");
        admin.MapPost("/events/{messageId}/replay", ReplayAsync).RequireAuthorization(Policies.WebhookReplay).WithName("ReplayWebhookEvent")
            .WithSummary("Process a failed webhook event again from its stored payload.").ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static Task<Results<Ok<WebhookAck>, ProblemHttpResult>> ReceiveAsync(HttpRequest request, WebhookReceiver receiver, CancellationToken cancellationToken) =>
        receiver.ReceiveAsync(request, cancellationToken);

    private static async Task<Ok<IReadOnlyList<WebhookEventSummary>>> ListAsync(
        WebhookAdminService admin,
        [Description("Only events in this status.")] string? status,
        [Description("Only events received before this time: the last row's `receivedAt`, for the next page.")] DateTimeOffset? before,
        [Description("Rows to return (default 50, at most 500).")] int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(status, before, limit, cancellationToken));

    private static async Task<Results<Ok<WebhookReplay>, ProblemHttpResult>> ReplayAsync(
        [Description("The event's message id, as `messageId` in the list.")] string messageId, WebhookAdminService admin, Principal principal, CancellationToken cancellationToken)
    {
        var replay = await admin.ReplayAsync(messageId, principal, cancellationToken);
        return replay.Status switch
        {
            WebhookReplayStatus.NotFound => Problems.NotFound("webhook_event_not_found", "No such webhook event",
                $"No webhook event has the message id '{messageId}'."),
            WebhookReplayStatus.NotReplayable => Problems.Result(StatusCodes.Status409Conflict, "webhook_event_not_replayable",
                "Webhook event not replayable", replay.Detail),
            _ => TypedResults.Ok(replay),
        };
    }
}
