namespace App.Api.IdentityProvider;

/// <summary>Context-dependent permission checks against Auther. Section <c>Abac</c>.</summary>
public sealed class AbacOptions
{
    public const string SectionName = "Abac";

    /// <summary>
    /// What to do when Auther cannot answer: <c>Deny</c> (fail closed, the safe default: 403 saying the decision
    /// could not be made) or <c>Allow</c> (fail open: trust the token's static permission alone).
    /// </summary>
    public AbacFailurePosture WhenAutherUnavailable { get; set; } = AbacFailurePosture.Deny;

    /// <summary>How long an answer is reused for the same (user, resource, resource version).</summary>
    public TimeSpan DecisionCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}

public enum AbacFailurePosture
{
    Deny,
    Allow,
}
