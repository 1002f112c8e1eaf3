using Auther.Dev.Keys;
using Auther.Dev.Tokens;

namespace Auther.Dev;

public sealed partial class AutherDevServer
{
    /// <summary>The keys <c>/api/auth/jwks</c> publishes now, current first.</summary>
    public IReadOnlyList<KeyInfo> PublishedKeys => _core.Keys.Published.Select(ToInfo).ToList();

    /// <summary>The key new tokens are signed with.</summary>
    public KeyInfo CurrentKey => ToInfo(_core.Keys.Current);

    /// <summary>Mints an access token, signed with the current key (or <see cref="TokenRequest.Kid"/>).</summary>
    public string MintToken(TokenRequest request) => _core.Tokens.Mint(request).Token;

    /// <summary>Makes a new current key; the old ones stay published for the grace period.</summary>
    public KeyInfo RotateKey(KeyAlgorithm? algorithm = null) => ToInfo(_core.Keys.Rotate(algorithm ?? _core.Options.Algorithm));

    /// <summary>Unpublishes a key at once (it can still sign via <see cref="TokenRequest.Kid"/>). Removing the current key makes a new one.</summary>
    public void RemoveKey(string kid)
    {
        if (!_core.Keys.Remove(kid))
        {
            throw new ArgumentException($"No key with kid {kid}.", nameof(kid));
        }
    }
}
