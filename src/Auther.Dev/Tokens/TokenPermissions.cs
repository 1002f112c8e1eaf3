using System.Collections.Concurrent;

namespace Auther.Dev.Tokens;

/// <summary>
/// The permission maps documented Auther puts in a user's access tokens (its pipelines compute them; here they are
/// set per user, as <c>serve --seed</c> does for the seeded users). Memory only.
/// </summary>
internal sealed class TokenPermissions
{
    private readonly ConcurrentDictionary<string, (IReadOnlyDictionary<string, string[]> Granted, IReadOnlyDictionary<string, string[]>? AbacRequired)> _byUser =
        new(StringComparer.Ordinal);

    public void Set(string userId, IReadOnlyDictionary<string, string[]> granted, IReadOnlyDictionary<string, string[]>? abacRequired) =>
        _byUser[userId] = (granted, abacRequired);

    public (IReadOnlyDictionary<string, string[]>? Granted, IReadOnlyDictionary<string, string[]>? AbacRequired) For(string userId) =>
        _byUser.TryGetValue(userId, out var maps) ? maps : (null, null);
}
