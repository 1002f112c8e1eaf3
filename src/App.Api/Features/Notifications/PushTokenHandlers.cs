using System.ComponentModel;
using App.Api.Auth;
using App.Api.Database;
using App.Api.Errors;
using App.Api.Audit;
using App.Data;
using App.Data.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Features.Notifications;

/// <summary>
/// A device registers its push token after every sign-in: idempotent by token. A token already registered
/// to another user moves to the caller, because a device delivers to whoever signed in on it last.
/// </summary>
public static class PushTokenHandlers
{
    public static async Task<Results<Created<PushTokenResponse>, Ok<PushTokenResponse>>> Register(
        RegisterPushTokenRequest request, Principal principal, AppDbContext db, AuditTrail audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var token = request.Token!;
        var platform = request.Platform!;
        var existing = await db.PushTokens.FirstOrDefaultAsync(p => p.Token == token, cancellationToken);
        if (existing is not null)
        {
            if (existing.UserId != principal.UserId || existing.Platform != platform)
            {
                audit.Record(principal, "push_token.registered", $"push-token:{existing.Id}",
                    new { platform, movedFromAnotherUser = existing.UserId != principal.UserId });
                existing.UserId = principal.UserId;
                existing.Platform = platform;
                await db.SaveChangesAsync(cancellationToken);
            }

            return TypedResults.Ok(new PushTokenResponse(existing.Id, existing.Platform, existing.CreatedAt));
        }

        var row = new PushToken { Id = Guid.CreateVersion7(), UserId = principal.UserId, Token = token, Platform = platform, CreatedAt = time.GetUtcNow() };
        db.PushTokens.Add(row);
        audit.Record(principal, "push_token.registered", $"push-token:{row.Id}", new { platform });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // The same device registered twice at once: the other request stored it.
            db.ChangeTracker.Clear();
            var stored = await db.PushTokens.AsNoTracking().SingleAsync(p => p.Token == token, cancellationToken);
            return TypedResults.Ok(new PushTokenResponse(stored.Id, stored.Platform, stored.CreatedAt));
        }

        return TypedResults.Created($"/api/notifications/push-tokens/{row.Id}", new PushTokenResponse(row.Id, row.Platform, row.CreatedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Unregister(
        [Description("The push token's id (from its registration).")] Guid id, Principal principal, AppDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        var row = await db.PushTokens.FirstOrDefaultAsync(p => p.Id == id && p.UserId == principal.UserId, cancellationToken);
        if (row is null)
        {
            return Problems.NotFound("push_token_not_found", "Push token not found", $"You have no push token {id}.");
        }

        db.PushTokens.Remove(row);
        audit.Record(principal, "push_token.unregistered", $"push-token:{id}", new { row.Platform });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
