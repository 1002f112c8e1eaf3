using App.Api.Auth;
using App.Api.Auth.Permissions;
using App.Api.Features.Notifications;
using App.Api.Features.Organizations;
using App.Data;
using App.Data.Expenses;
using App.Data.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Api.Features.Expenses;

/// <summary>
/// Who hears about an expense, after its change is committed: a submission goes to the members who may
/// approve it (never its submitter), a decision goes to the submitter. Each recipient's preferences
/// decide the channels (<see cref="NotificationService"/>).
/// </summary>
public sealed class ExpenseNotifications(AppDbContext db, NotificationService notifications, IOptions<PermissionRegistryOptions> registry)
{
    public async Task SubmittedAsync(Expense expense, OrganizationContext org)
    {
        var approverRoles = MemberRoles.All.Where(r => registry.Value.ForOrganizationRole(r).Contains(Policies.ExpenseApprove)).ToList();
        var approvers = await db.Members.AsNoTracking()
            .Where(m => m.OrganizationId == org.Id && approverRoles.Contains(m.Role) && m.UserId != expense.SubmittedBy)
            .Select(m => m.UserId)
            .ToListAsync();
        await notifications.SendAfterCommitAsync(approvers.Select(userId => Message(expense, org, userId, NotificationTypes.ExpenseSubmitted,
            "Expense to review", $"{org.Name}: {expense.SubmitterName ?? expense.SubmittedBy} submitted {expense.Amount} {expense.Currency}: {expense.Description}")));
    }

    /// <summary>A submitter whose account was deleted since has nobody to tell.</summary>
    public Task DecidedAsync(Expense expense, OrganizationContext org) => expense.SubmittedBy is not { } submitter
        ? Task.CompletedTask
        : notifications.SendAfterCommitAsync([expense.Status == ExpenseStatus.Approved
            ? Message(expense, org, submitter, NotificationTypes.ExpenseApproved, "Expense approved",
                $"{expense.Amount} {expense.Currency}: {expense.Description}")
            : Message(expense, org, submitter, NotificationTypes.ExpenseRejected, "Expense rejected",
                $"{expense.Amount} {expense.Currency}: {expense.DecisionReason}")]);

    private static NotificationMessage Message(Expense expense, OrganizationContext org, string userId, string type, string title, string body) =>
        new(userId, type, title, body, new Dictionary<string, string?> { ["expenseId"] = expense.Id.ToString(), ["organization"] = org.Slug }, org.Id);
}
