namespace App.Api.Sync;

/// <summary>The poll's own statement (its rows go to the shadow-user store), kept apart from the paging logic.</summary>
internal static class SyncSql
{
    /// <summary>Only forward: two polls racing (the CLI beside the background job) never move it back.</summary>
    public const string Advance = """
        INSERT INTO sync_watermarks AS w (name, watermark, advanced_at) VALUES (@name, @watermark, @now)
        ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark, advanced_at = excluded.advanced_at
        WHERE w.watermark < excluded.watermark
        """;
}
