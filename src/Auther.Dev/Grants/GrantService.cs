using System.Security.Cryptography;
using System.Text;
using Auther.Dev.Hosting;
using Auther.Dev.State;
using Auther.Dev.Webhooks;

namespace Auther.Dev.Grants;

/// <summary>
/// Authorization tuples. A change emits deployed Auther's <c>grant.*</c> and, for user subjects in documented
/// mode, the guide's <c>access.*</c>. The tuple id hashes the tuple, so a re-grant reuses it.
/// </summary>
internal sealed class GrantService(StateStore state, EventPublisher events, ServerInfo server)
{
    public IReadOnlyList<GrantTuple> All => state.Read(d => d.Grants.ToList());

    public GrantTuple Grant(string subjectType, string subjectId, string entityType, string entityId, string relation, bool hasCondition = false, string? clientId = null)
    {
        var tuple = new GrantTuple(
            TupleId(subjectType, subjectId, entityType, entityId, relation, clientId),
            subjectType, subjectId, entityType, entityId, relation, hasCondition, clientId);
        return state.Change(d =>
        {
            d.Grants.RemoveAll(g => g.TupleId == tuple.TupleId);
            d.Grants.Add(tuple);
            Publish("grant.created", "access.granted", tuple);
            return tuple;
        });
    }

    public GrantTuple Revoke(string subjectType, string subjectId, string entityType, string entityId, string relation, string? clientId = null)
    {
        var tupleId = TupleId(subjectType, subjectId, entityType, entityId, relation, clientId);
        return state.Change(d =>
        {
            var tuple = d.Grants.FirstOrDefault(g => g.TupleId == tupleId)
                ?? throw new AutherDevException(404, "GRANT_NOT_FOUND", "Grant not found");
            d.Grants.Remove(tuple);
            Publish("grant.revoked", "access.revoked", tuple);
            return tuple;
        });
    }

    private void Publish(string grantType, string accessType, GrantTuple tuple)
    {
        var data = new Dictionary<string, object?>
        {
            ["tupleId"] = tuple.TupleId,
            ["subjectType"] = tuple.SubjectType,
            ["subjectId"] = tuple.SubjectId,
            ["entityType"] = tuple.EntityType,
            ["entityId"] = tuple.EntityId,
            ["relation"] = tuple.Relation,
            ["hasCondition"] = tuple.HasCondition,
        };
        if (tuple.ClientId is not null)
        {
            data["clientId"] = tuple.ClientId;
        }

        events.Publish(grantType, data);
        if (server.Mode == AutherMode.Documented && tuple.SubjectType == "user")
        {
            events.Publish(accessType, new Dictionary<string, object?>
            {
                ["userId"] = tuple.SubjectId,
                ["entityType"] = tuple.EntityType,
                ["entityId"] = tuple.EntityId,
                ["relation"] = tuple.Relation,
            });
        }
    }

    private static string TupleId(params string?[] parts) =>
        "tpl_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..32];
}
