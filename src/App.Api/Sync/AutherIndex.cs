using App.Api.IdentityProvider;

namespace App.Api.Sync;

/// <summary>Every user Auther knows, by id and by email, read page by page through list-users.</summary>
public sealed class AutherIndex
{
    private readonly Dictionary<string, string?> _emailById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByEmail = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _emailById.Count;

    public IReadOnlyCollection<string> Ids => _emailById.Keys;

    public static async Task<AutherIndex> LoadAsync(AutherClient auther, int pageSize, CancellationToken cancellationToken,
        Func<AutherUser, Task>? onUser = null)
    {
        var index = new AutherIndex();
        for (var offset = 0; ; offset += pageSize)
        {
            var page = await auther.ListUsersAsync(pageSize, offset, cancellationToken);
            foreach (var user in page.Users)
            {
                index.Add(user.Id, user.Email);
                if (onUser is not null)
                {
                    await onUser(user);
                }
            }

            if (page.Users.Count < pageSize || offset + page.Users.Count >= page.Total)
            {
                return index;
            }
        }
    }

    public void Add(string id, string? email)
    {
        _emailById[id] = email;
        if (email is not null)
        {
            _idByEmail[email] = id;
        }
    }

    public string? EmailOfId(string id) => _emailById.TryGetValue(id, out var email) ? email ?? string.Empty : null;

    public string? IdOfEmail(string email) => _idByEmail.GetValueOrDefault(email);
}
