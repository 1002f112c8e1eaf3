using System.Threading.RateLimiting;

namespace App.Api.Network;

/// <summary>
/// One client's fixed-window budget, counted in the shared database through <see cref="RateLimitStore"/> so
/// that every instance draws on the same budget. The count needs a round trip, so the synchronous attempt
/// always defers to <see cref="AcquireAsyncCore"/>. While the database cannot answer, this instance's own
/// in-memory window counts instead.
/// </summary>
internal sealed class SharedWindowRateLimiter : RateLimiter
{
    private readonly string _key;
    private readonly FixedWindowBudget _budget;
    private readonly RateLimitStore _store;
    private readonly FixedWindowRateLimiter _fallback;
    private long _lastUsed = Environment.TickCount64;

    public SharedWindowRateLimiter(string key, FixedWindowBudget budget, RateLimitStore store)
    {
        _key = key;
        _budget = budget;
        _store = store;
        _fallback = new FixedWindowRateLimiter(RateLimitSetup.InMemory(budget));
    }

    /// <summary>Lets the partitioned limiter drop this client's limiter once it has been idle a while.</summary>
    public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Deferred;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _lastUsed, Environment.TickCount64);
        if (permitCount == 0)
        {
            return Lease.Granted;
        }

        var counted = await _store.CountAsync(_key, permitCount, _budget.Window, cancellationToken);
        if (counted is not { } window)
        {
            return await _fallback.AcquireAsync(permitCount, cancellationToken);
        }

        return window.Used <= _budget.PermitLimit
            ? Lease.Granted
            : new Lease(acquired: false, retryAfter: window.WindowLeft);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fallback.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(acquired: true, retryAfter: null);

        /// <summary>Not acquired without waiting: the middleware then asks asynchronously.</summary>
        public static readonly Lease Deferred = new(acquired: false, retryAfter: null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name && retryAfter is { } wait ? TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds))) : null;
            return metadata is not null;
        }
    }
}
