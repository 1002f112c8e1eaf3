namespace App.Api.Auth;

/// <summary>
/// The app's authorization registry: every named policy in one place. A policy is satisfied when the
/// caller's permission set (token permissions, role mapping, organization role) contains its name.
/// Route guards name these: <c>.RequireAuthorization(Policies.UserDeactivate)</c>.
/// </summary>
public static class Policies
{
    public const string UserDeactivate = "user:deactivate";
    public const string UserReactivate = "user:reactivate";
    public const string UserRead = "user:read";
    public const string NotificationsRead = "notifications:read";
    public const string NotificationsWrite = "notifications:write";
    public const string ExpenseCreate = "expense:create";
    public const string ExpenseApprove = "expense:approve";
    public const string MemberManage = "member:manage";
    public const string AuditRead = "audit:read";
    public const string TokenRevoke = "token:revoke";
    public const string WebhookRead = "webhook:read";
    public const string WebhookReplay = "webhook:replay";

    public static readonly IReadOnlyList<string> All =
    [
        UserDeactivate, UserReactivate, UserRead, NotificationsRead, NotificationsWrite, ExpenseCreate,
        ExpenseApprove, MemberManage, AuditRead, TokenRevoke, WebhookRead, WebhookReplay,
    ];
}
