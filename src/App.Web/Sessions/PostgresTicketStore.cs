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
/// the data-protection keys every instance shares; the cookie carries only a random key. Every request reads the
/// row, so a deleted row (sign-out) refuses every copy of the cookie on every instance at once.
/// </summary>
public sealed class PostgresTicketStore(
    IDbContextFactory<WebDbContext> dbs, IDataProtectionProvider protection, IOptions<SessionSettings> settings, TimeProvider time) : ITicketStore
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
        // Only a live row is renewed: a renewal racing a sign-out must not bring the session back.
        await db.Sessions.Where(s => s.KeyHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, ticketBytes).SetProperty(x => x.ExpiresAt, expiresAt));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var hash = Hash(key);
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync();
        var protectedTicket = await db.Sessions.AsNoTracking().Where(s => s.KeyHash == hash && s.ExpiresAt > now)
            .Select(s => s.Ticket).FirstOrDefaultAsync();
        return protectedTicket is null ? null : Unprotect(protectedTicket);
    }

    public async Task RemoveAsync(string key)
    {
        var hash = Hash(key);
        await using var db = await dbs.CreateDbContextAsync();
        await db.Sessions.Where(s => s.KeyHash == hash).ExecuteDeleteAsync();
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
