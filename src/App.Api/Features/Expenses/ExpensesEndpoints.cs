using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using App.Api.Auth;
using App.Api.Errors;
using App.Api.Audit;
using App.Api.Features.Organizations;
using App.Api.Paging;
using App.Api.StorableText;
using App.Data;
using App.Data.Expenses;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Features.Expenses;

/// <summary>
/// Expenses of the organization in the path: draft -> submitted (by the submitter) -> approved or rejected
/// (<see cref="ExpenseDecisions"/>). An expense of another organization, or somebody else's draft, is 404.
/// Every change goes through the row version (xmin), so a concurrent change answers 409.
/// </summary>
public static class ExpensesEndpoints
{
    public static RouteGroupBuilder MapExpenses(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orgs/{orgSlug}/expenses").WithTags("Expenses");
        group.MapPost("/", Create).WithName("CreateExpense").RequireAuthorization(Policies.ExpenseCreate).ProducesValidationProblem()
            .WithSummary("Create a draft expense (amount, ISO currency, description); only its submitter sees a draft.");
        group.MapGet("/", List).WithName("ListExpenses").ProducesValidationProblem()
            .WithSummary("The organization's expenses, newest first: submitted and decided ones, and the caller's own drafts.");
        group.MapGet("/{id:guid}", Get).WithName("GetExpense")
            .WithSummary("One expense (another member's draft is not visible).");
        group.MapPost("/{id:guid}/submit", Submit).WithName("SubmitExpense")
            .WithSummary("Submit a draft for approval; only its submitter can.").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/approve", ExpenseDecisions.Approve).WithName("ApproveExpense").RequireAuthorization(Policies.ExpenseApprove)
            .WithSummary("Approve a submitted expense (not your own); Auther decides too when the token asks for a live check.").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/reject", ExpenseDecisions.Reject).WithName("RejectExpense").RequireAuthorization(Policies.ExpenseApprove).ProducesValidationProblem()
            .WithSummary("Reject a submitted expense (not your own) with a reason the submitter reads.").ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    public static async Task<Created<ExpenseResponse>> Create(
        CreateExpenseRequest request, OrganizationContext org, Principal principal, AppDbContext db, AuditTrail audit,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expense = new Expense
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = org.Id,
            SubmittedBy = principal.UserId,
            // Kept on the row: the expense outlives its submitter's account.
            SubmitterName = InputText.Cut(principal.Name ?? principal.Email, TextLimits.PersonName),
            Amount = request.Amount!.Value,
            Currency = request.Currency!,
            Description = request.Description!.Trim(),
            Status = ExpenseStatus.Draft,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Expenses.Add(expense);
        audit.Record(principal, "expense.created", ExpenseAccess.Subject(expense.Id), new { organizationId = org.Id, expense.Amount, expense.Currency });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/orgs/{org.Slug}/expenses/{expense.Id}", ExpenseResponse.From(expense));
    }

    /// <summary>Newest first; <c>status</c> filters (draft, submitted, approved, rejected).</summary>
    public static async Task<Results<Ok<PagedList<ExpenseResponse>>, ValidationProblem>> List(
        OrganizationContext org, Principal principal, AppDbContext db,
        [Description("Only expenses in these statuses, comma-separated (e.g. `submitted,approved`); all when left out.")] string? status,
        [Description(PageQuery.PageDescription)] [Range(1, PageQuery.MaxPage)] int? page, [Description(PageQuery.PageSizeDescription)] [Range(1, PageQuery.MaxPageSize)] int? pageSize, CancellationToken cancellationToken)
    {
        // A list parsed name by name: no attribute says that.
        if (ParseStatuses(status) is not { } wanted)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"One or more of {string.Join(", ", ExpenseResponse.StatusNames)}, separated by commas."],
            });
        }

        var query = PageQuery.Of(page, pageSize);
        var expenses = ExpenseAccess.Visible(db.Expenses.AsNoTracking(), org.Id, principal.UserId);
        if (wanted is { Count: > 0 })
        {
            expenses = expenses.Where(e => wanted.Contains(e.Status));
        }

        var rows = await expenses.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return TypedResults.Ok(query.ToPage(rows.ConvertAll(ExpenseResponse.From)));
    }

    /// <summary>
    /// <c>submitted,approved</c> is a list, parsed name by name: <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>
    /// would read it as combined flags and silently match a third status. Null when a name is unknown.
    /// </summary>
    private static List<ExpenseStatus>? ParseStatuses(string? status)
    {
        var statuses = new List<ExpenseStatus>();
        foreach (var name in (status ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var known = Enum.GetValues<ExpenseStatus>().Where(v => string.Equals(v.ToString(), name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (known.Count != 1)
            {
                return null;
            }

            statuses.Add(known[0]);
        }

        return status is not null && statuses.Count == 0 ? null : statuses;
    }

    public static async Task<Results<Ok<ExpenseResponse>, ProblemHttpResult>> Get(
        [Description("The expense's id (from its creation or the list).")] Guid id, OrganizationContext org, Principal principal, AppDbContext db, CancellationToken cancellationToken) =>
        await ExpenseAccess.Visible(db.Expenses.AsNoTracking(), org.Id, principal.UserId).FirstOrDefaultAsync(e => e.Id == id, cancellationToken) is { } expense
            ? TypedResults.Ok(ExpenseResponse.From(expense))
            : ExpenseAccess.NotFound(id, org.Slug);

    /// <summary>Draft -> submitted, by the submitter only.</summary>
    public static async Task<Results<Ok<ExpenseResponse>, ProblemHttpResult>> Submit(
        [Description("The expense's id (from its creation or the list).")] Guid id, OrganizationContext org, Principal principal, AppDbContext db, AuditTrail audit, ExpenseNotifications notify,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var expense = await ExpenseAccess.FindAsync(db, org, id, principal, cancellationToken);
        if (expense is null)
        {
            // Another member's draft stays invisible, but a 404 would tell a member holding its id that it does not
            // exist: the truth is who may submit it. Nothing about the draft is revealed.
            return await db.Expenses.AnyAsync(e => e.Id == id && e.OrganizationId == org.Id, cancellationToken)
                ? ExpenseAccess.NotSubmitter()
                : ExpenseAccess.NotFound(id, org.Slug);
        }

        if (expense.SubmittedBy != principal.UserId)
        {
            return ExpenseAccess.NotSubmitter();
        }

        if (expense.Status != ExpenseStatus.Draft)
        {
            return ExpenseAccess.WrongStatus(expense, "submitted", ExpenseStatus.Draft);
        }

        expense.Status = ExpenseStatus.Submitted;
        expense.UpdatedAt = time.GetUtcNow();
        audit.Record(principal, "expense.submitted", ExpenseAccess.Subject(expense.Id), new { organizationId = org.Id });
        await db.SaveChangesAsync(cancellationToken);
        await notify.SubmittedAsync(expense, org);
        return TypedResults.Ok(ExpenseResponse.From(expense));
    }
}
