using System.Globalization;
using App.Data.Expenses;

namespace App.Api.Features.Expenses;

/// <param name="DecidedBy">Who approved or rejected it.</param>
/// <param name="Version">The row version; it changes with every change to the expense.</param>
public sealed record ExpenseResponse(
    Guid Id,
    decimal Amount,
    string Currency,
    string Description,
    string Status,
    string? SubmittedBy,
    string? SubmitterName,
    string? DecidedBy,
    string? DecisionReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DecidedAt,
    string Version)
{
    public static ExpenseResponse From(Expense e) => new(
        e.Id, e.Amount, e.Currency, e.Description, StatusName(e.Status), e.SubmittedBy, e.SubmitterName, e.DecidedBy,
        e.DecisionReason, e.CreatedAt, e.UpdatedAt, e.DecidedAt, e.Version.ToString(CultureInfo.InvariantCulture));

    /// <summary>Every status by name, in the order of <see cref="ExpenseStatus"/>: what the <c>status</c> filter accepts.</summary>
    public static readonly IReadOnlyList<string> StatusNames = Enum.GetValues<ExpenseStatus>().Select(StatusName).ToList();

    /// <summary>The status as stored and as clients send it in filters: <c>draft</c>, <c>submitted</c>...</summary>
    public static string StatusName(ExpenseStatus status) => status.ToString().ToLowerInvariant();
}
