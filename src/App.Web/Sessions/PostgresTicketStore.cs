using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using App.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Web.Sessions;

/// <summary>
/// The cookie handler's session store: the ticket (claims and Auther's tokens) stays in PostgreSQL, encrypted with
/// the data-protection keys every instance shares; the cookie carries only a random key. A ticket read once is kept
/// in this instance's <see cref="SessionCache"/> for a short while; signing out deletes the row and, in the same
/// transaction, notifies every instance to drop its copy, so every copy of the cookie is refused everywhere at once.
/// </summary>
public sealed class PostgresTicketStore(
    IDbContextFactory<WebDbContext> dbs, SessionCache cache, IDataProtectionProvider protection, IOptions<SessionSettings> settings,
    TimeProvider time) : ITicketStore
{
    private readonly IDataProtector _protector = protection.CreateProtector("App.Web.Sessions.Ticket.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync();
        db.Sessions.Add(new WebSession
        {
            KeyHash = Hash(key),
            UserId = ticket.Principal.FindFirst("sub")?.Value,
            Ticket = Protect(ticket),
            CreatedAt = now,
            ExpiresAt = ExpiresAt(ticket, now),
        });
        await db.SaveChangesAsync();
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        var hash = Hash(key);
        var ticketBytes = Protect(ticket);
        var expiresAt = ExpiresAt(ticket, time.GetUtcNow());
        await using var db = await dbs.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Only a live row is renewed: a renewal racing a sign-out must not bring the session back.
        await db.Sessions.Where(s => s.KeyHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, ticketBytes).SetProperty(x => x.ExpiresAt, expiresAt));
        // Other instances' copies hold the old tokens (a rotated refresh token is spent): they read the row again.
        await db.NotifyAsync(hash);
        await transaction.CommitAsync();
        cache.Evict(hash);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var hash = Hash(key);
        if (cache.Get(hash) is { } cached)
        {
            return cached;
        }

        var generation = cache.Generation;
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync();
        var protectedTicket = await db.Sessions.AsNoTracking().Where(s => s.KeyHash == hash && s.ExpiresAt > now)
            .Select(s => s.Ticket).FirstOrDefaultAsync();
        if (protectedTicket is null || Unprotect(protectedTicket) is not { } ticket)
        {
            return null;
        }

        cache.Set(hash, ticket, generation);
        return ticket;
    }

    public async Task RemoveAsync(string key)
    {
        var hash = Hash(key);
        await using var db = await dbs.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Sessions.Where(s => s.KeyHash == hash).ExecuteDeleteAsync();
        // Every instance (this one too) drops its copy when the delete commits.
        await db.NotifyAsync(hash);
        await transaction.CommitAsync();
        cache.Evict(hash);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));

    private AuthenticationTicket? Unprotect(byte[] protectedTicket)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(protectedTicket));
        }
        catch (CryptographicException)
        {
            // Written with a key this deployment no longer has: the session is gone, the user signs in again.
            return null;
        }
    }

    private DateTimeOffset ExpiresAt(AuthenticationTicket ticket, DateTimeOffset now) =>
        ticket.Properties.ExpiresUtc ?? now + settings.Value.IdleTimeout;
}

/// <summary>Hands the store to the cookie handler (the options are built before the container is).</summary>
public sealed class TicketStoreSetup(PostgresTicketStore store) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options) => options.SessionStore = store;
}
