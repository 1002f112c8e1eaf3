using Auther.Dev.State;

namespace Auther.Dev.Keys;

/// <summary>
/// The signing keys: one current, the rotated-out ones published until their grace period ends, removed ones
/// kept (unpublished) so a test can still sign with them. All in the state file, so tokens survive a restart.
/// </summary>
internal sealed class KeyRing(StateStore state, TimeProvider time, TimeSpan gracePeriod)
{
    /// <summary>Makes sure a current key of <paramref name="algorithm"/> exists; rotates when the current one has another algorithm.</summary>
    public void EnsureCurrent(KeyAlgorithm algorithm)
    {
        state.Change(document =>
        {
            var current = CurrentOf(document);
            if (current is null || current.Algorithm != algorithm)
            {
                Rotate(document, algorithm);
            }

            return 0;
        });
    }

    public StoredKey Current => state.Read(document => CurrentOf(document)) ?? throw new InvalidOperationException("No signing key.");

    public StoredKey? Find(string kid) => state.Read(document => document.Keys.FirstOrDefault(k => k.Kid == kid));

    public IReadOnlyList<StoredKey> Published
    {
        get
        {
            var now = time.GetUtcNow();
            return state.Read(document => document.Keys
                .Where(k => !k.Removed && (k.RetiresAt is null || k.RetiresAt > now))
                .OrderByDescending(k => k.RetiresAt is null)
                .ThenByDescending(k => k.CreatedAt)
                .ToList());
        }
    }

    public StoredKey Rotate(KeyAlgorithm algorithm) => state.Change(document => Rotate(document, algorithm));

    public bool Remove(string kid) => state.Change(document =>
    {
        var index = document.Keys.FindIndex(k => k.Kid == kid);
        if (index < 0)
        {
            return false;
        }

        document.Keys[index] = document.Keys[index] with { Removed = true };
        if (CurrentOf(document) is null && document.Keys.Count > 0)
        {
            // Removing the current key leaves none to sign with: make a new one rather than sign with a ghost.
            Rotate(document, document.Keys[index].Algorithm);
        }

        return true;
    });

    private StoredKey Rotate(StateDocument document, KeyAlgorithm algorithm)
    {
        var now = time.GetUtcNow();
        for (var i = 0; i < document.Keys.Count; i++)
        {
            if (document.Keys[i].RetiresAt is null)
            {
                document.Keys[i] = document.Keys[i] with { RetiresAt = now + gracePeriod };
            }
        }

        var key = KeyMaterial.Generate(algorithm, now);
        document.Keys.Add(key);
        return key;
    }

    private static StoredKey? CurrentOf(StateDocument document) =>
        document.Keys.LastOrDefault(k => k.RetiresAt is null && !k.Removed);
}
