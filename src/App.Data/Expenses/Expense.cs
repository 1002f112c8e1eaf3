namespace App.Data.Expenses;

/// <summary>
/// A financial record: it outlives its submitter (foreign keys set null on delete), so the submitter's
/// display name is kept on the row.
/// </summary>
public sealed class Expense
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string? SubmittedBy { get; set; }
    public string? SubmitterName { get; set; }

    /// <summary>Who approved or rejected it (the API's <c>decidedBy</c>, the column <c>decided_by</c>).</summary>
    public string? DecidedBy { get; set; }

    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public required string Description { get; set; }
    public ExpenseStatus Status { get; set; } = ExpenseStatus.Draft;
    public string? DecisionReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>PostgreSQL's xmin: the optimistic concurrency token and the version ABAC decisions are cached by.</summary>
    public uint Version { get; set; }
}

public enum ExpenseStatus
{
    Draft,
    Submitted,
    Approved,
    Rejected,
}
