using App.Api.Sync;
using App.Data.Users;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Sync;

/// <summary>The API with small reconcile pages and caps, and helpers that put users in Auther, locally, or both.</summary>
/// <remarks>
/// A test that changes Auther between two list-users calls counts the calls. An attempt that times out on a loaded
/// machine is retried and counted twice, which moves the change to the wrong page. The local Auther answers every
/// call at once (Unavailable too, with a 503), so a long admin timeout costs no test time.
/// </remarks>
public sealed class ReconcileFixture() : ApiFixture(new()
{
    Settings = { ["Reconcile:MaxDeletesPerRun"] = "1", ["Reconcile:PageSize"] = "2", ["Auther:Client:AdminTimeout"] = "00:00:30" },
})
{
    public Task<ReconcileReport> RunAsync(MissingUserAction onMissing, bool dryRun = false) =>
        Services.GetRequiredService<ReconcileService>().RunOnceAsync(onMissing, dryRun, CancellationToken.None);

    /// <summary>
    /// A user in Auther with a row that matches it: a row that came from Auther (seen there), or with
    /// <paramref name="seenInAuther"/> false a legacy row imported into Auther that no listing has shown yet.
    /// </summary>
    public async Task<string> UserInBothAsync(bool seenInAuther = true)
    {
        var userId = TestData.NewUserId();
        var user = Auther.CreateUser($"{userId}@example.com", $"User {userId}", userId);
        await using var db = CreateDbContext();
        db.Users.Add(new User
        {
            Id = userId, Email = user.Email, Name = user.Name, EmailVerified = user.EmailVerified, Role = user.Role,
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-1), UpdatedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            SeenInAutherAt = seenInAuther ? DateTimeOffset.UtcNow.AddMinutes(-1) : null,
        });
        await db.SaveChangesAsync();
        return userId;
    }

    /// <summary>A row seen in Auther earlier whose user Auther no longer has (removed there).</summary>
    public Task<string> GoneFromAutherAsync() => LocalRowAsync(seenInAuther: true);

    /// <summary>A row Auther never had: a legacy user not imported yet.</summary>
    public Task<string> LocalOnlyAsync() => LocalRowAsync(seenInAuther: false);

    private async Task<string> LocalRowAsync(bool seenInAuther)
    {
        var userId = TestData.NewUserId();
        await using var db = CreateDbContext();
        db.Users.Add(new User
        {
            Id = userId, Email = $"{userId}@example.com", CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-1), UpdatedAt = DateTimeOffset.UtcNow,
            SeenInAutherAt = seenInAuther ? DateTimeOffset.UtcNow.AddMinutes(-1) : null,
        });
        await db.SaveChangesAsync();
        return userId;
    }
}
