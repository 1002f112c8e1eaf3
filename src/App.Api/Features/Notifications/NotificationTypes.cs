namespace App.Api.Features.Notifications;

/// <summary>The notification types the app knows; preferences are offered for each of them.</summary>
public static class NotificationTypes
{
    public const string NewDeviceSignIn = "security.login_new_device";
    public const string ExpenseSubmitted = "expense.submitted";
    public const string ExpenseApproved = "expense.approved";
    public const string ExpenseRejected = "expense.rejected";
    public const string MemberAdded = "organization.member_added";

    public static readonly IReadOnlyList<string> All = [NewDeviceSignIn, ExpenseSubmitted, ExpenseApproved, ExpenseRejected, MemberAdded];

    public const string Rule = $"One of: {NewDeviceSignIn}, {ExpenseSubmitted}, {ExpenseApproved}, {ExpenseRejected}, {MemberAdded}.";
}
