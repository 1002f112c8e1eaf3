namespace App.Data.AuthRelations;

/// <summary>
/// A mirror row that a revoke deleted, remembered by tuple id with the revoke's event timestamp, so that
/// a grant event older than the revoke (delivered late or retried) is stale instead of bringing the
/// grant back. A re-grant newer than the revoke applies. Purged with the webhook inbox's retention,
/// which is longer than any delivery window.
/// </summary>
public sealed class AuthRelationRevocation
{
    public required string TupleId { get; set; }

    /// <summary>The newest revoke's event timestamp.</summary>
    public DateTimeOffset RevokedAt { get; set; }

    /// <summary>When this instance recorded it: the purge's clock.</summary>
    public DateTimeOffset RecordedAt { get; set; }
}
