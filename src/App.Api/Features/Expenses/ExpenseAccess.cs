using App.Api.Auth;
using App.Api.Errors;
using App.Api.Features.Organizations;
using App.Data;
using App.Data.Expenses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Features.Expenses;

/// <summary>
/// What every expense handler shares: which expenses a caller sees, how one is found and named in the
/// audit trail, and the problems that refuse a change. Both <see cref="ExpensesEndpoints"/> and
/// <see cref="ExpenseDecisions"/> use it; neither calls into the other.
/// </summary>
internal static class ExpenseAccess
{
    /// <summary>The expense, tracked for a change, when the caller may see it in this organization.</summary>
    internal static Task<Expense?> FindAsync(AppDbContext db, OrganizationContext org, Guid id, Principal principal, CancellationToken cancellationToken) =>
        Visible(db.Expenses, org.Id, principal.UserId).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    internal static string Subject(Guid expenseId) => $"expense:{expenseId}";

    internal static ProblemHttpResult NotFound(Guid id, string slug) =>
        Problems.NotFound("expense_not_found", "Expense not found", $"There is no expense {id} in '{slug}'.");

    internal static ProblemHttpResult NotSubmitter() =>
        Problems.Forbidden("not_submitter", "Only the submitter can submit this expense",
            "An expense is submitted by the member who created it; ask them to submit it.");

    internal static ProblemHttpResult WrongStatus(Expense expense, string action, ExpenseStatus required) =>
        Problems.Conflict("expense_status", $"The expense cannot be {action} now",
            $"It is {ExpenseResponse.StatusName(expense.Status)}; only a {ExpenseResponse.StatusName(required)} expense can be {action}.");

    // A draft is its submitter's own work in progress: nobody else sees it until it is submitted.
    internal static IQueryable<Expense> Visible(IQueryable<Expense> expenses, Guid organizationId, string userId) =>
        expenses.Where(e => e.OrganizationId == organizationId && (e.Status != ExpenseStatus.Draft || e.SubmittedBy == userId));
}
