using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace App.Api.IdentityProvider;

/// <summary>
/// ABAC: for a permission the token lists under <c>abac_required</c>, asks Auther's /check-permission with
/// the resource's attributes. Answers are cached for a few seconds per (user, resource, permission, resource
/// version): a changed resource has a new version, so a decision never outlives the state it was made on.
/// </summary>
public sealed class AutherPermissionChecks(
    AutherClient client,
    IMemoryCache cache,
    IOptions<AbacOptions> options,
    IOptions<AutherOptions> auther,
    ILogger<AutherPermissionChecks> logger)
{
    public async Task<AbacDecision> CheckAsync(AbacQuery query, CancellationToken cancellationToken)
    {
        if (auther.Value.ResolvedFlavor == AutherFlavor.Deployed)
        {
            // Deployed check-permission ignores the subject and answers for the app's own credential: asking would
            // judge the wrong user. Refused whatever the fail-open posture says.
            return AbacDecision.CannotJudge;
        }

        var key = (nameof(AutherPermissionChecks), query.SubjectUserId, query.EntityType, query.EntityId, query.Permission, query.Version);
        if (cache.TryGetValue(key, out AbacDecision? cached) && cached is not null)
        {
            return cached;
        }

        bool allowed;
        try
        {
            allowed = await client.CheckPermissionAsync(new CheckPermissionRequest(
                query.EntityType,
                query.EntityId,
                query.Permission,
                new CheckPermissionSubject("user", query.SubjectUserId),
                new CheckPermissionResource(query.EntityId, query.EntityType, query.Attributes)), cancellationToken);
        }
        catch (Exception ex) when (ex is AutherUnavailableException or AutherRejectedException { Status: >= 500 })
        {
            var posture = options.Value.WhenAutherUnavailable;
            logger.LogWarning("ABAC check {EntityType}:{Permission} for {UserId} could not be made ({Error}); failing {Posture}",
                query.EntityType, query.Permission, query.SubjectUserId, ex.Message, posture == AbacFailurePosture.Allow ? "open" : "closed");
            return posture == AbacFailurePosture.Allow ? AbacDecision.AllowedUnverified : AbacDecision.Unavailable;
        }

        var decision = allowed ? AbacDecision.Allowed : AbacDecision.Denied;
        cache.Set(key, decision, options.Value.DecisionCacheDuration);
        return decision;
    }
}

/// <summary>What to ask: may this user do <paramref name="Permission"/> on this resource, given its attributes?</summary>
/// <param name="Version">Changes whenever the resource changes (an expense's row version): part of the cache key.</param>
public sealed record AbacQuery(
    string SubjectUserId,
    string EntityType,
    string EntityId,
    string Permission,
    IReadOnlyDictionary<string, object?> Attributes,
    string Version);

public sealed record AbacDecision(AbacOutcome Outcome)
{
    public static readonly AbacDecision Allowed = new(AbacOutcome.Allowed);
    public static readonly AbacDecision Denied = new(AbacOutcome.Denied);
    public static readonly AbacDecision Unavailable = new(AbacOutcome.Unavailable);

    /// <summary>This Auther cannot judge another user's permission (deployed flavor).</summary>
    public static readonly AbacDecision CannotJudge = new(AbacOutcome.CannotJudge);

    /// <summary>Auther could not answer and the posture is fail-open.</summary>
    public static readonly AbacDecision AllowedUnverified = new(AbacOutcome.AllowedUnverified);

    public bool IsAllowed => Outcome is AbacOutcome.Allowed or AbacOutcome.AllowedUnverified;
}

public enum AbacOutcome
{
    Allowed,
    Denied,

    /// <summary>Auther could not answer and the posture is fail-closed: answer 403 "the decision could not be made".</summary>
    Unavailable,
    AllowedUnverified,

    /// <summary>The configured Auther's check-permission answers only for its caller: refuse (fail closed).</summary>
    CannotJudge,
}
