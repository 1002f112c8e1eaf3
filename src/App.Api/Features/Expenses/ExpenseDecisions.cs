using System.ComponentModel;
using System.Globalization;
using App.Api.Auth;
using App.Api.IdentityProvider;
using App.Api.Errors;
using App.Api.Audit;
using App.Api.Features.Organizations;
using App.Data;
using App.Data.Expenses;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Features.Expenses;

/// <summary>
/// Approve or reject a submitted expense (<c>expense:approve</c>). Nobody decides on their own expense.
/// When the token lists <c>expense:approve</c> under <c>abac_required</c>, an approval also needs Auther's
/// live answer for this expense's attributes; the answer is cached by row version, so it never outlives
/// the state it was given for.
/// </summary>
public static class ExpenseDecisions
{
    public static async Task<Results<Ok<ExpenseResponse>, ProblemHttpResult>> Approve(
        [Description("The submitted expense's id.")] Guid id, OrganizationContext org, Principal principal, AppDbContext db, AutherPermissionChecks abac, AuditTrail audit,
        ExpenseNotifications notify, TimeProvider time, CancellationToken cancellationToken)
    {
        var expense = await ExpenseAccess.FindAsync(db, org, id, principal, cancellationToken);
        if (expense is null)
        {
            return ExpenseAccess.NotFound(id, org.Slug);
        }

        if (Refusal(expense, principal, "approved") is { } refused)
        {
            return refused;
        }

        var verdict = "not_required";
        if (principal.RequiresAbac(Policies.ExpenseApprove))
        {
            var decision = await abac.CheckAsync(Query(expense, principal), cancellationToken);
            switch (decision.Outcome)
            {
                case AbacOutcome.Denied:
                    return Problems.Forbidden("abac_denied", "Auther denied this approval",
                        "Your approval rights do not cover this expense (for example its amount).");
                case AbacOutcome.CannotJudge:
                    return Problems.Forbidden("abac_unsupported", "The approval decision could not be made",
                        "This approval needs Auther to judge your rights on this expense, and the connected Auther can only judge its own caller. Nothing was changed.");
                case AbacOutcome.Unavailable:
                    return Problems.Forbidden("abac_unavailable", "The approval decision could not be made",
                        "Auther, which decides this approval, could not be reached. Nothing was changed; try again shortly.");
            }

            verdict = decision.Outcome == AbacOutcome.AllowedUnverified ? "unverified" : "allowed";
        }

        Decide(expense, ExpenseStatus.Approved, principal, null, time);
        audit.Record(principal, "expense.approved", ExpenseAccess.Subject(expense.Id),
            new { organizationId = org.Id, expense.Amount, expense.Currency, abac = verdict });
        await db.SaveChangesAsync(cancellationToken);
        await notify.DecidedAsync(expense, org);
        return TypedResults.Ok(ExpenseResponse.From(expense));
    }

    /// <summary>Rejection spends nothing, so it needs no ABAC check, but it does need a reason.</summary>
    public static async Task<Results<Ok<ExpenseResponse>, ProblemHttpResult>> Reject(
        [Description("The submitted expense's id.")] Guid id, RejectExpenseRequest request, OrganizationContext org, Principal principal, AppDbContext db, AuditTrail audit,
        ExpenseNotifications notify, TimeProvider time, CancellationToken cancellationToken)
    {
        var expense = await ExpenseAccess.FindAsync(db, org, id, principal, cancellationToken);
        if (expense is null)
        {
            return ExpenseAccess.NotFound(id, org.Slug);
        }

        if (Refusal(expense, principal, "rejected") is { } refused)
        {
            return refused;
        }

        var reason = request.Reason!.Trim();
        Decide(expense, ExpenseStatus.Rejected, principal, reason, time);
        audit.Record(principal, "expense.rejected", ExpenseAccess.Subject(expense.Id), new { organizationId = org.Id, reason });
        await db.SaveChangesAsync(cancellationToken);
        await notify.DecidedAsync(expense, org);
        return TypedResults.Ok(ExpenseResponse.From(expense));
    }

    private static ProblemHttpResult? Refusal(Expense expense, Principal principal, string action)
    {
        if (expense.SubmittedBy == principal.UserId)
        {
            return Problems.Forbidden("own_expense", "You cannot decide on your own expense",
                $"An expense you submitted must be {action} by someone else.");
        }

        return expense.Status == ExpenseStatus.Submitted ? null : ExpenseAccess.WrongStatus(expense, action, ExpenseStatus.Submitted);
    }

    private static void Decide(Expense expense, ExpenseStatus status, Principal principal, string? reason, TimeProvider time)
    {
        var now = time.GetUtcNow();
        expense.Status = status;
        expense.DecidedBy = principal.UserId;
        expense.DecisionReason = reason;
        expense.DecidedAt = now;
        expense.UpdatedAt = now;
    }

    /// <summary>The attributes Auther's rules see, in the shape docs/decisions.md fixes (amount as a JSON number).</summary>
    private static AbacQuery Query(Expense expense, Principal principal) => new(
        principal.UserId,
        "expense",
        expense.Id.ToString(),
        "approve",
        new Dictionary<string, object?>
        {
            ["amount"] = expense.Amount,
            ["currency"] = expense.Currency,
            ["status"] = ExpenseResponse.StatusName(expense.Status),
            ["submitterId"] = expense.SubmittedBy,
        },
        expense.Version.ToString(CultureInfo.InvariantCulture));
}
