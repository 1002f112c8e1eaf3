namespace App.Data.AuditLogs;

/// <summary>
/// History that must outlive users: <see cref="ActorId"/> has no foreign key, and a user's deletion
/// scrubs <see cref="ActorEmail"/> and <see cref="ActorName"/> instead of removing rows.
/// </summary>
public sealed class AuditLog
{
    public const string Scrubbed = "<deleted>";

    public long Id { get; set; }
    public required string ActorId { get; set; }
    public string? ImpersonatorId { get; set; }
    public string? ActorEmail { get; set; }
    public string? ActorName { get; set; }
    public required string Action { get; set; }
    public string? Subject { get; set; }

    /// <summary>Action-specific JSON (a reason, the changed fields...). Never PII beyond ids.</summary>
    public string? Details { get; set; }
    public string? Ip { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
