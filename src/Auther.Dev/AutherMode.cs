namespace Auther.Dev;

/// <summary>Which Auther the local server imitates (see <c>docs/auther-contract.md</c>: the two sources disagree).</summary>
public enum AutherMode
{
    /// <summary>The integration guide: snake_case claims with permissions, 403 on a wrong sign-up secret, every event.</summary>
    Documented,

    /// <summary>
    /// Today's release: deployed-style tokens, 500 with an empty body on a wrong sign-up secret, no
    /// <c>user.deleted</c>, <c>user.*</c> events only to endpoints owned by that user, none of the documented-only events.
    /// </summary>
    Deployed,
}
