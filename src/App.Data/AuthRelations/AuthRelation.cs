namespace App.Data.AuthRelations;

/// <summary>
/// Optional local mirror of Auther's grants, used only for admin queries ("who is admin of org X").
/// Enforcement never reads it: the token's claims and /check-permission are the truth.
/// The subject may be a user, a group or an API key, so it is stored as type + id, without a foreign key.
/// </summary>
public sealed class AuthRelation
{
    public required string TupleId { get; set; }
    public required string SubjectType { get; set; }
    public required string SubjectId { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public required string Relation { get; set; }
    public bool HasCondition { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
