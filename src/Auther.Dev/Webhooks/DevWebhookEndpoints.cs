using System.Text.Json;
using Auther.Dev.Errors;
using Auther.Dev.Hosting;
using Auther.Dev.Json;

namespace Auther.Dev.Webhooks;

/// <summary>Dev routes over the webhook machinery: emit any event, hold and release ("Auther down"), list and resend deliveries.</summary>
internal static class DevWebhookEndpoints
{
    public static void MapDevWebhooks(this RouteGroupBuilder api, RouteGroupBuilder site)
    {
        api.MapPost("/emit", Emit);
        api.MapPost("/webhooks/hold", (AutherDevCore core) => Switch(core, hold: true));
        api.MapPost("/webhooks/release", (AutherDevCore core) => Switch(core, hold: false));
        api.MapGet("/deliveries", (AutherDevCore core) => Results.Json(core.Deliveries.Snapshot(), AutherJson.Options));

        // Dashboard buttons: plain form posts that come back to the page.
        site.MapPost("/deliveries/{id}/resend", (string id, AutherDevCore core) =>
            Resend(core, id) ? Results.Redirect("/") : Results.NotFound());
        site.MapPost("/webhooks/hold", (AutherDevCore core) => RedirectAfter(() => core.DeliveryQueue.Hold()));
        site.MapPost("/webhooks/release", (AutherDevCore core) => RedirectAfter(core.DeliveryQueue.Release));
    }

    /// <summary>Queues a logged delivery again (same id and body; a Svix attempt is re-signed). False when unknown or still in flight.</summary>
    public static bool Resend(AutherDevCore core, string deliveryId)
    {
        var delivery = core.Deliveries.Find(deliveryId);
        if (delivery is null || !delivery.TryRestart())
        {
            return false;
        }

        core.DeliveryQueue.Enqueue([delivery]);
        return true;
    }

    private static async Task<IResult> Emit(HttpRequest request, AutherDevCore core)
    {
        var (body, error) = await JsonBody.ReadAsync<EmitBody>(request);
        if (string.IsNullOrEmpty(body?.Type))
        {
            return ErrorResults.BetterAuth(400, "VALIDATION_ERROR", error ?? "type is required");
        }

        var data = body.Data ?? JsonSerializer.SerializeToElement(new { }, AutherJson.Options);
        return Results.Json(core.Events.Publish(body.Type, data), AutherJson.Options);
    }

    private static IResult Switch(AutherDevCore core, bool hold)
    {
        if (hold)
        {
            core.DeliveryQueue.Hold();
        }
        else
        {
            core.DeliveryQueue.Release();
        }

        return Results.Json(new { held = core.DeliveryQueue.IsHeld }, AutherJson.Options);
    }

    private static IResult RedirectAfter(Action action)
    {
        action();
        return Results.Redirect("/");
    }

    private sealed record EmitBody(string? Type, JsonElement? Data);
}
