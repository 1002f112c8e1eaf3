namespace App.Data.Sync;

/// <summary>
/// How far a poll of Auther has read: the newest <c>updatedAt</c> it applied. Shared by every instance, so
/// whichever instance polls next resumes where the last one stopped. Written only when it moves.
/// </summary>
public sealed class SyncWatermark
{
    public const int NameMaxLength = 64;

    /// <summary>What is polled, e.g. <c>users</c>.</summary>
    public required string Name { get; set; }

    /// <summary>Auther's <c>updatedAt</c> of the newest change applied (Auther's clock).</summary>
    public DateTimeOffset Watermark { get; set; }

    /// <summary>When the watermark last moved (the app's clock).</summary>
    public DateTimeOffset AdvancedAt { get; set; }
}
