namespace Auther.Dev.Webhooks.Delivery;

/// <summary>
/// Retry schedule of webhook deliveries. The defaults imitate deployed Auther: 4 attempts over about
/// 33 minutes (30 s, 3 m 45 s, 28 m). Tests use a few milliseconds.
/// </summary>
public sealed class WebhookRetryOptions
{
    /// <summary>Attempts in total, the first one included.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay after the first failed attempt.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Each further delay is the previous one times this.</summary>
    public double Multiplier { get; set; } = 7.5;

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal TimeSpan DelayAfter(int failedAttempt) =>
        TimeSpan.FromTicks((long)(InitialDelay.Ticks * Math.Pow(Multiplier, failedAttempt - 1)));
}
