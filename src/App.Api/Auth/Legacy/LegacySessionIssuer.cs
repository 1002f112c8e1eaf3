using System.Security.Cryptography;
using App.Data;
using App.Data.LegacySessions;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Auth.Legacy;

/// <summary>Creates a pre-Auther session for an existing shadow user (CLI verb <c>create-legacy-session</c>, tests, demos).</summary>
public sealed class LegacySessionIssuer(AppDbContext db, TimeProvider time)
{
    /// <summary>Returns the session token; only its SHA-256 is stored.</summary>
    public async Task<string?> CreateAsync(string userId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return null;
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        db.LegacySessions.Add(new LegacySession
        {
            TokenHash = LegacySessionHandler.Hash(token),
            UserId = userId,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }
}
