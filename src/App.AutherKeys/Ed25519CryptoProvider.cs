using Microsoft.IdentityModel.Tokens;

namespace App.AutherKeys;

/// <summary>Plugs EdDSA verification into Microsoft.IdentityModel's CryptoProviderFactory for Ed25519 keys only.</summary>
public sealed class Ed25519CryptoProvider : ICryptoProvider
{
    public bool IsSupportedAlgorithm(string algorithm, params object[] args) =>
        algorithm == Ed25519SecurityKey.Algorithm && args.Length > 0 && args[0] is Ed25519SecurityKey;

    public object Create(string algorithm, params object[] args)
    {
        if (!IsSupportedAlgorithm(algorithm, args))
        {
            throw new NotSupportedException($"Algorithm '{algorithm}' is not supported for this key.");
        }

        var willCreateSignatures = args.Length > 1 && args[1] is true;
        if (willCreateSignatures)
        {
            throw new NotSupportedException("This app only verifies EdDSA signatures; it never signs.");
        }

        return new Ed25519SignatureProvider((Ed25519SecurityKey)args[0]);
    }

    public void Release(object cryptoInstance)
    {
        if (cryptoInstance is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
