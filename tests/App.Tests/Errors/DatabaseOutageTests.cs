using App.Api.Database;
using App.Tests.Infrastructure;
using Npgsql;

namespace App.Tests.Errors;

/// <summary>
/// The outage's one line at each end, decided by what really happened: a command the database answered
/// ends it; a request that began before that and failed anyway belongs to the outage that just ended.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);
    private static readonly Exception Refused = new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111));

    private readonly TestClock _clock = new(Start);
    private readonly RecordingLogger<DatabaseOutage> _log = new();

    [Fact]
    public void ManyFailures_AreOneOutage_EndedByACommandTheDatabaseAnswers()
    {
        var outage = new DatabaseOutage(_clock, _log);

        outage.Report(Refused, Start);
        _clock.Now = Start.AddSeconds(1);
        outage.Report(Refused, Start.AddSeconds(1));
        outage.IsDown.ShouldBeTrue();
        _clock.Now = Start.AddSeconds(3);
        outage.NonQueryExecuted(null!, null!, 1);

        outage.IsDown.ShouldBeFalse();
        Messages().ShouldBe([
            "Database unavailable (NpgsqlException: Failed to connect); answering 503 until it is back. Logged once per outage.",
            "Database available again after 3.0 s; 2 request(s) were answered 503 meanwhile",
        ]);
    }

    [Fact]
    public void ARequestStartedBeforeTheRecovery_ThatFailsAfterIt_DoesNotStartANewOutage()
    {
        var outage = OutageEndedAfterTwoSeconds();

        // It tried to connect while the server was still starting, and its answer came late.
        _clock.Now = Start.AddSeconds(3);
        outage.Report(Refused, Start.AddSeconds(1));

        outage.IsDown.ShouldBeFalse();
        Messages().Count(m => m.StartsWith("Database unavailable", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public void ARequestStartedAfterTheRecovery_ThatFails_StartsANewOutage()
    {
        var outage = OutageEndedAfterTwoSeconds();

        _clock.Now = Start.AddSeconds(5);
        outage.Report(Refused, Start.AddSeconds(4));

        outage.IsDown.ShouldBeTrue();
        Messages().Count(m => m.StartsWith("Database unavailable", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public void ACommandStartedBeforeTheOutage_AnsweredDuringIt_DoesNotEndIt()
    {
        var outage = new DatabaseOutage(_clock, _log);
        _clock.Now = Start.AddSeconds(1);
        outage.Report(Refused, Start.AddSeconds(1));

        // A backend the stopping server had not terminated yet answered a command sent before the failure.
        outage.Answered(Start);

        outage.IsDown.ShouldBeTrue();
        Messages().ShouldHaveSingleItem().ShouldStartWith("Database unavailable");
    }

    private DatabaseOutage OutageEndedAfterTwoSeconds()
    {
        var outage = new DatabaseOutage(_clock, _log);
        outage.Report(Refused, Start);
        _clock.Now = Start.AddSeconds(2);
        outage.Answered(Start.AddSeconds(2));
        return outage;
    }

    private List<string> Messages() => _log.Entries.Select(e => e.Message).ToList();
}
