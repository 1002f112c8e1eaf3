using System.Collections.Concurrent;

namespace Auther.Dev.Hosting;

/// <summary>Switchable failures and request counters, so tests can play "Auther is down" or "JWKS is broken".</summary>
internal sealed class Faults
{
    private readonly ConcurrentDictionary<string, int> _requestsByPath = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, CannedAnswer> _answers = new(StringComparer.OrdinalIgnoreCase);
    private int _jwksRequests;
    private int _discoveryRequests;
    private long _responseDelayTicks;
    private volatile bool _jwksFailing;
    private volatile bool _unavailable;

    private volatile Action<string>? _observer;

    /// <summary>Called with each request's path before it is answered.</summary>
    public Action<string>? Observer
    {
        get => _observer;
        set => _observer = value;
    }

    public bool JwksFailing
    {
        get => _jwksFailing;
        set => _jwksFailing = value;
    }

    public bool Unavailable
    {
        get => _unavailable;
        set => _unavailable = value;
    }

    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _responseDelayTicks));
        set => Interlocked.Exchange(ref _responseDelayTicks, value.Ticks);
    }

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    /// <summary>Requests that reached <paramref name="path"/> so far, answered or not.</summary>
    public int Requests(string path) => _requestsByPath.TryGetValue(path, out var count) ? count : 0;

    /// <summary>What <paramref name="path"/> answers instead of its route, if a test set one.</summary>
    public CannedAnswer? AnswerFor(string path) => _answers.TryGetValue(path, out var answer) ? answer : null;

    public void SetAnswer(string path, CannedAnswer? answer)
    {
        if (answer is null)
        {
            _answers.TryRemove(path, out _);
        }
        else
        {
            _answers[path] = answer;
        }
    }

    public void Count(string path) => _requestsByPath.AddOrUpdate(path, 1, (_, count) => count + 1);

    public void CountJwks() => Interlocked.Increment(ref _jwksRequests);

    public void CountDiscovery() => Interlocked.Increment(ref _discoveryRequests);
}

/// <summary>A fixed answer (say, a 200 with a body no client can use), for tests of how callers take garbage.</summary>
internal sealed record CannedAnswer(int Status, string ContentType, string Body);
