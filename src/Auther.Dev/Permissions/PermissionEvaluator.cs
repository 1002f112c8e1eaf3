using System.Globalization;
using System.Text.Json;
using Auther.Dev.Grants;

namespace Auther.Dev.Permissions;

/// <summary>
/// The ABAC rules behind check-permission, in order: the configured custom rules; "approve an expense when
/// its amount is within the user's limit"; a grant of that relation on the entity (or on <c>*</c>); else deny.
/// </summary>
internal sealed class PermissionEvaluator(AutherDevOptions options, GrantService grants)
{
    public PermissionDecision Evaluate(PermissionCheckBody request)
    {
        foreach (var rule in options.PermissionRules)
        {
            if (rule(request) is { } verdict)
            {
                return new PermissionDecision(verdict, "custom rule");
            }
        }

        var entityType = request.EntityType!;
        var permission = Action(entityType, request.Permission!);
        var subjectId = request.Subject!.Id!;

        if (entityType == "expense" && permission == "approve")
        {
            if (!options.ExpenseApprovalLimits.TryGetValue(subjectId, out var limit))
            {
                return new PermissionDecision(false, "no approval limit for this user");
            }

            return Amount(request) is { } amount
                ? new PermissionDecision(amount <= limit, amount <= limit ? $"amount {amount} within limit {limit}" : $"amount {amount} exceeds limit {limit}")
                : new PermissionDecision(false, "resource.attributes.amount missing or not a number");
        }

        var granted = grants.All.Any(g =>
            g.SubjectType == (request.Subject.Type ?? "user") && g.SubjectId == subjectId && g.EntityType == entityType
            && (g.EntityId == request.EntityId || g.EntityId == "*") && g.Relation == permission);
        return new PermissionDecision(granted, granted ? "granted" : "no matching grant");
    }

    // The app may send "approve" with entityType "expense", or the flattened "expense:approve".
    private static string Action(string entityType, string permission) =>
        permission.StartsWith(entityType + ":", StringComparison.Ordinal) ? permission[(entityType.Length + 1)..] : permission;

    private static decimal? Amount(PermissionCheckBody request)
    {
        if (request.Resource?.Attributes is not { } attributes || !attributes.TryGetValue("amount", out var amount))
        {
            return null;
        }

        return amount.ValueKind switch
        {
            JsonValueKind.Number when amount.TryGetDecimal(out var number) => number,
            JsonValueKind.String when decimal.TryParse(amount.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}

internal sealed record PermissionDecision(bool Allowed, string Reason);
