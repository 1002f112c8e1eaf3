namespace App.Api.Sync;

/// <summary>What one poll read and changed; logged when it changed something, printed by the CLI verb.</summary>
public sealed class SyncReport
{
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? To { get; set; }
    public int Requests { get; set; }

    /// <summary>Users read at or after the watermark (the overlap included).</summary>
    public int Read { get; set; }
    public int Changed { get; set; }
    public int Banned { get; set; }
    public int Unbanned { get; set; }
    public int Unblocked { get; set; }

    /// <summary>Auther's total shrank between two pages: offsets shifted, so the watermark stays put and the range is read again.</summary>
    public bool Shifted { get; set; }

    /// <summary>Auther did not sort by updatedAt: the whole list was read.</summary>
    public bool Unsorted { get; set; }

    public string? Failure { get; set; }

    public string Summary() => Failure is not null
        ? $"failed: {Failure} (watermark kept at {From?.ToString("O") ?? "none"})"
        : $"{Requests} request(s), {Read} user(s) read since {From?.ToString("O") ?? "the beginning"}; {Changed} changed " +
          $"({Banned} banned, {Unbanned} unbanned, {Unblocked} unblocked); watermark {To?.ToString("O") ?? "none"}" +
          (Shifted ? "; Auther's list shrank while paging, the range is read again next time" : string.Empty) +
          (Unsorted ? "; Auther ignored sortBy=updatedAt, the whole list was read" : string.Empty);
}
