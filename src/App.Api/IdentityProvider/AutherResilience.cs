using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace App.Api.IdentityProvider;

/// <summary>
/// The failure handling of calls to Auther (Polly.Core pipelines). Two circuit breakers: one shared by the poll,
/// reconciliation, admin and check-permission calls, so an outage answers fast everywhere, and one for sign-up
/// alone, so anonymous sign-up traffic can never pause the sync. Retries with exponential backoff wrap only calls
/// that are safe to repeat.
/// </summary>
public sealed class AutherResilience
{
    private readonly ResiliencePipeline<HttpResponseMessage> _adminBreaker;
    private readonly ResiliencePipeline<HttpResponseMessage> _signUpBreaker;
    private readonly CircuitBreakerStateProvider _adminCircuit = new();
    private readonly CircuitBreakerStateProvider _signUpCircuit = new();
    private readonly AutherClientOptions _options;
    private int _signUpRefused;

    public AutherResilience(IOptions<AutherClientOptions> options, TimeProvider time)
    {
        _options = options.Value;
        Time = time;
        _adminBreaker = Breaker(_adminCircuit);
        _signUpBreaker = Breaker(_signUpCircuit);
        AdminRepeatable = Repeatable(_options.AdminTimeout);
        AdminOnce = Once(_adminBreaker, _options.AdminTimeout);
        CheckPermission = Repeatable(_options.CheckPermissionTimeout);
        SignUp = Once(_signUpBreaker, _options.SignUpTimeout);
        // Only ever run after a sign-up that reached Auther timed out, so the sign-up breaker already bounds how
        // often it runs; behind that breaker it would be refused exactly when its answer is wanted.
        SignUpLookup = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddTimeout(_options.AdminTimeout).Build();
    }

    public TimeProvider Time { get; }

    public TimeSpan BreakDuration => _options.BreakDuration;

    public ResiliencePipeline<HttpResponseMessage> AdminRepeatable { get; }
    public ResiliencePipeline<HttpResponseMessage> AdminOnce { get; }
    public ResiliencePipeline<HttpResponseMessage> CheckPermission { get; }
    public ResiliencePipeline<HttpResponseMessage> SignUp { get; }

    /// <summary>The list-users call that finds out whether a sign-up that timed out created the account.</summary>
    public ResiliencePipeline<HttpResponseMessage> SignUpLookup { get; }

    /// <summary>The breaker of the poll, reconciliation, admin and check-permission calls.</summary>
    public CircuitState AdminCircuit => _adminCircuit.CircuitState;

    /// <summary>The breaker of sign-up calls.</summary>
    public CircuitState SignUpCircuit => _signUpCircuit.CircuitState;

    /// <summary>
    /// True the first time Auther refuses the sign-up secret since the last sign-up it accepted: the operator's
    /// error is logged once, not once per visitor.
    /// </summary>
    public bool SignUpRefusedNewly() => Interlocked.Exchange(ref _signUpRefused, 1) == 0;

    public void SignUpAccepted() => Volatile.Write(ref _signUpRefused, 0);

    private ResiliencePipeline<HttpResponseMessage> Breaker(CircuitBreakerStateProvider state) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = Time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = 0.5,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = _options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(OpensBreaker(args.Outcome)),
                StateProvider = state,
            })
            .Build();

    /// <summary>Timeout per attempt, retries for transient failures, all behind the shared breaker.</summary>
    private ResiliencePipeline<HttpResponseMessage> Repeatable(TimeSpan attemptTimeout)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = Time };
        // Polly refuses a retry strategy of zero attempts: RetryCount=0 means no retry step at all.
        if (_options.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                // An open circuit is not worth waiting for.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not BrokenCircuitException && IsTransient(args.Outcome)),
            });
        }

        return builder.AddPipeline(_adminBreaker).AddTimeout(attemptTimeout).Build();
    }

    /// <summary>One attempt only (sign-up, create-user): repeating them could act twice.</summary>
    private ResiliencePipeline<HttpResponseMessage> Once(ResiliencePipeline<HttpResponseMessage> breaker, TimeSpan timeout) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = Time }
            .AddPipeline(breaker)
            .AddTimeout(timeout)
            .Build();

    /// <summary>Worth another attempt: no answer, or an answer that says "not now" (500 included).</summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        OpensBreaker(outcome) || outcome.Result?.StatusCode is HttpStatusCode.InternalServerError;

    /// <summary>
    /// What a breaker counts: no answer in time, no connection, or Auther (or a proxy in front of it) saying it is
    /// down or overloaded. A 500 is an answer, and the common one is a configuration error (deployed Auther answers
    /// a wrong sign-up secret with 500): pausing every call would hide it behind "unavailable" and fix nothing.
    /// </summary>
    private static bool OpensBreaker(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException ||
        outcome.Result?.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.TooManyRequests;
}
