using System.Text.Json;
using App.Api.Auth;
using App.Data;
using App.Data.AuditLogs;

namespace App.Api.Audit;

/// <summary>
/// Writes the one audit row every state-changing action leaves. The row is added to the caller's
/// DbContext, so it commits (or not) with the change it describes.
/// </summary>
public sealed class AuditTrail(AppDbContext db, IHttpContextAccessor http, TimeProvider time)
{
    public AuditLog Record(Principal actor, string action, string? subject, object? details = null)
    {
        var entry = new AuditLog
        {
            ActorId = actor.UserId,
            ImpersonatorId = actor.Impersonator,
            ActorEmail = actor.Email,
            ActorName = actor.Name,
            Action = action,
            Subject = subject,
            Details = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
            Ip = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            CreatedAt = time.GetUtcNow(),
        };
        db.AuditLogs.Add(entry);
        return entry;
    }
}
