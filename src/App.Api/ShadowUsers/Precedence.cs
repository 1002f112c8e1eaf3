using App.Api.Auth;

namespace App.Api.ShadowUsers;

/// <summary>
/// The one rule for whose word about a user counts: the newer state wins. Every statement about a user carries
/// the time it was true in Auther: an event its envelope timestamp, the poll and the lookup of a new user the user's
/// <c>updatedAt</c>, reconciliation the moment its listing began, a deactivation or reactivation here the moment
/// Auther answered it, a token its <c>iat</c> (whole seconds: a token signed in the same second as a change counts
/// as issued after it).
/// <list type="number">
/// <item>Auther's state (all of the above but tokens) applies to a row as a whole unless the row already holds a
/// newer one (<c>last_event_at</c>); equal times apply in arrival order.</item>
/// <item>A token may update the row when it is not older than the row's last change (<c>updated_at</c>,
/// <c>last_event_at</c>).</item>
/// <item>The role has its own time (<c>role_set_at</c>), because tokens state it too: a role, from Auther's state or
/// a token, replaces the row's only when it is not older than it.</item>
/// <item>On a request, a token's role counts unless the row holds a newer one (a demoted admin's older token loses
/// its admin role as soon as the app learns of the demotion); then, and for a token without a role, the row's role
/// counts. Bans, blocks, deletion and the revocation cut-off always come from the row: tokens say nothing of them.</item>
/// </list>
/// The SQL below is spliced into the statements of <see cref="ShadowUserStore"/>, which name the row <c>u</c>.
/// </summary>
public static class Precedence
{
    /// <summary>Rule 1: a statement of Auther's state made at <paramref name="statedAt"/> (an SQL expression) applies to row <c>u</c>.</summary>
    public static string AutherStateApplies(string statedAt) => $"(u.last_event_at IS NULL OR u.last_event_at <= {statedAt})";

    /// <summary>Rule 2: a token issued at <paramref name="issuedAt"/> may update row <c>u</c>.</summary>
    public static string TokenApplies(string issuedAt) => $"{TokenNotOlder("u.updated_at", issuedAt)} AND {TokenNotOlder("u.last_event_at", issuedAt)}";

    /// <summary>Rule 3 for Auther's state, as SET assignments: its role when it sent one (one it leaves out is kept).</summary>
    public static string RoleFromAuther(string role, string statedAt) =>
        RoleAssignments(role, $"(u.role_set_at IS NULL OR u.role_set_at <= {statedAt})", statedAt);

    /// <summary>
    /// Whether Auther's role, stated at <paramref name="statedAt"/>, is news to row <c>u</c>: another role not older
    /// than the row's, or the same role confirmed at a later time (so a token older than the confirmation stops counting).
    /// </summary>
    public static string RoleFromAutherIsNews(string role, string statedAt) =>
        $"({role} IS NOT NULL AND (u.role_set_at IS NULL OR u.role_set_at < {statedAt} OR (u.role_set_at = {statedAt} AND u.role IS DISTINCT FROM {role})))";

    /// <summary>Rule 3 for a token, as SET assignments.</summary>
    public static string RoleFromToken(string role, string issuedAt) =>
        RoleAssignments(role, TokenNotOlder("u.role_set_at", issuedAt), $"GREATEST(u.role_set_at, {issuedAt})");

    /// <summary>Rule 4: whether the caller acts with the token's roles rather than the row's.</summary>
    public static bool TokenRoleCounts(Principal token, ShadowUser row) =>
        token.Roles.Count > 0 && (row.RoleSetAt is not { } setAt || (token.IssuedAt is { } issued && WholeSeconds(setAt) <= issued));

    private static string RoleAssignments(string role, string notOlder, string setAt) =>
        $"role = CASE WHEN {role} IS NOT NULL AND {notOlder} THEN {role} ELSE u.role END, " +
        $"role_set_at = CASE WHEN {role} IS NOT NULL AND {notOlder} THEN {setAt} ELSE u.role_set_at END";

    private static string TokenNotOlder(string column, string issuedAt) => $"({column} IS NULL OR date_trunc('second', {column}) <= {issuedAt})";

    private static DateTimeOffset WholeSeconds(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());
}
