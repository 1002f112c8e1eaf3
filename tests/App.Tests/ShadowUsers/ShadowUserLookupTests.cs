using App.Api.Auth;
using App.Api.ShadowUsers;
using App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Tests.ShadowUsers;

/// <summary>
/// <see cref="ShadowUserLookup"/> without the API: with <c>Auth:LookUpNewUsers</c> off a new user is not looked up.
/// The lookup's scope has no Auther client here, so each lookup that runs ends in its logged failure, in queue order.
/// </summary>
public sealed class ShadowUserLookupTests
{
    [Fact]
    public async Task WhileLookingUpIsOff_ANewUserIsNotLookedUp()
    {
        var options = new AuthOptions { LookUpNewUsers = false };
        var logger = new RecordingLogger<ShadowUserLookup>();
        var scopes = new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
        var lookup = new ShadowUserLookup(scopes, Options.Create(options), logger);
        await lookup.StartAsync(CancellationToken.None);
        try
        {
            lookup.Enqueue("user-while-off");
            options.LookUpNewUsers = true;
            lookup.Enqueue("user-while-on");

            // One reader, in order: once the second user's lookup has run, the first one's would have too.
            await Eventually.ReturnsAsync(() => Task.FromResult(logger.Entries.ToList()), e => e.Any(x => x.Message.Contains("user-while-on")));
            logger.Entries.ShouldNotContain(e => e.Message.Contains("user-while-off"));
        }
        finally
        {
            await lookup.StopAsync(CancellationToken.None);
        }
    }
}
