using System.Net.Http.Headers;
using App.Api.Auth.Legacy;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using System.Data.Common;

namespace App.Tests.Auth;

/// <summary>An anonymous caller repeating a made-up bearer value costs one database query, not one per request.</summary>
public sealed class LegacySessionMissTests(LegacySessionMissTests.CountingFixture api) : IClassFixture<LegacySessionMissTests.CountingFixture>
{
    [Fact]
    public async Task RepeatedUnknownNonJwtBearer_IsLookedUpOnce()
    {
        var token = "made-up-" + Guid.NewGuid().ToString("N");
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync("/api/me");
            await ProblemAssert.IsProblemAsync(response, 401);
        }

        api.Counter.SessionLookups(token).ShouldBe(1);
    }

    public sealed class CountingFixture : ApiFixture
    {
        public SessionLookupCounter Counter { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) =>
            services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Counter));
    }

    /// <summary>Counts queries of the legacy_sessions table carrying a given token's hash.</summary>
    public sealed class SessionLookupCounter : DbCommandInterceptor
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<string> _hashes = [];

        public int SessionLookups(string token) => _hashes.Count(h => h == LegacySessionHandler.Hash(token));

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("legacy_sessions", StringComparison.Ordinal))
            {
                foreach (DbParameter parameter in command.Parameters)
                {
                    if (parameter.Value is string value)
                    {
                        _hashes.Add(value);
                    }
                }
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
