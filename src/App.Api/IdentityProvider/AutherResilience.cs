using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace App.Api.IdentityProvider;

/// <summary>
/// The failure handling of calls to Auther (Polly.Core pipelines). One circuit breaker is shared by every call, so an outage answers fast everywhere; retries with
/// exponential backoff wrap only calls that are safe to repeat.
/// </summary>
public sealed class AutherResilience
{
    private readonly ResiliencePipeline<HttpResponseMessage> _breaker;
    private readonly AutherClientOptions _options;

    public AutherResilience(IOptions<AutherClientOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _breaker = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = 0.5,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = _options.BreakDuration,
                ShouldHandle = IsFailure,
            })
            .Build();
        Time = time;
        AdminRepeatable = Repeatable(_options.AdminTimeout);
        AdminOnce = Once(_options.AdminTimeout);
        CheckPermission = Repeatable(_options.CheckPermissionTimeout);
        SignUp = Once(_options.SignUpTimeout);
    }

    public TimeProvider Time { get; }

    public TimeSpan BreakDuration => _options.BreakDuration;

    public ResiliencePipeline<HttpResponseMessage> AdminRepeatable { get; }
    public ResiliencePipeline<HttpResponseMessage> AdminOnce { get; }
    public ResiliencePipeline<HttpResponseMessage> CheckPermission { get; }
    public ResiliencePipeline<HttpResponseMessage> SignUp { get; }

    /// <summary>Timeout per attempt, retries for transient failures, all behind the shared breaker.</summary>
    private ResiliencePipeline<HttpResponseMessage> Repeatable(TimeSpan attemptTimeout) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = Time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, _options.RetryCount),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                // An open circuit is not worth waiting for.
                ShouldHandle = args => args.Outcome.Exception is BrokenCircuitException ? PredicateResult.False() : IsFailure(args.Outcome),
            })
            .AddPipeline(_breaker)
            .AddTimeout(attemptTimeout)
            .Build();

    /// <summary>One attempt only (sign-up, create-user): repeating them could act twice.</summary>
    private ResiliencePipeline<HttpResponseMessage> Once(TimeSpan timeout) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = Time }
            .AddPipeline(_breaker)
            .AddTimeout(timeout)
            .Build();

    private static ValueTask<bool> IsFailure(Outcome<HttpResponseMessage> outcome) => ValueTask.FromResult(
        outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException ||
        outcome.Result?.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests);

    private static ValueTask<bool> IsFailure(CircuitBreakerPredicateArguments<HttpResponseMessage> args) => IsFailure(args.Outcome);
}
