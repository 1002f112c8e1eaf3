using Auther.Dev.Grants;
using Auther.Dev.Keys;
using Auther.Dev.Sessions;
using Auther.Dev.Users;

namespace Auther.Dev.State;

/// <summary>The state file's shape. Development secrets only: it holds private keys in the clear.</summary>
internal sealed class StateDocument
{
    /// <summary>The issuer <c>serve</c> last used, so <c>mint-token</c> from the same file matches it.</summary>
    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public List<StoredKey> Keys { get; set; } = [];

    public List<UserAccount> Users { get; set; } = [];

    public List<GrantTuple> Grants { get; set; } = [];

    /// <summary>Live sessions (better-auth's <c>session</c> table).</summary>
    public List<StoredSession> Sessions { get; set; } = [];

    /// <summary>User id to a salted PBKDF2 hash of the password: never the password itself.</summary>
    public Dictionary<string, string> PasswordHashes { get; set; } = new();

    /// <summary>User id to hashes of (user agent, IP) already seen, for <c>security.new_device_login</c>.</summary>
    public Dictionary<string, List<string>> KnownDevices { get; set; } = new();
}
