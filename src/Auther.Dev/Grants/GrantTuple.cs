namespace Auther.Dev.Grants;

/// <summary>An authorization tuple: subject has <paramref name="Relation"/> on an entity. <paramref name="TupleId"/> is deterministic, so a re-grant reuses it.</summary>
public sealed record GrantTuple(
    string TupleId,
    string SubjectType,
    string SubjectId,
    string EntityType,
    string EntityId,
    string Relation,
    bool HasCondition,
    string? ClientId);
