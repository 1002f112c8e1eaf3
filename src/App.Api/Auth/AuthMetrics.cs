using System.Diagnostics.Metrics;

namespace App.Api.Auth;

/// <summary>
/// The authentication instruments, named as the integration guide names them so its dashboards apply.
/// Read them with <c>dotnet-counters monitor -n App.Api --counters App.Auth</c> or on <c>/metrics</c>.
/// </summary>
public sealed class AuthMetrics
{
    public const string MeterName = "App.Auth";

    private readonly Counter<long> _verify;
    private readonly Counter<long> _jit;
    private readonly Counter<long> _jwksRefresh;
    private readonly Counter<long> _requests;

    public AuthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _verify = meter.CreateCounter<long>("auth.jwt.verify.result.count", description: "JWT verifications by result (ok, ok_cached, expired, bad_signature, unknown_kid, ...)");
        _jit = meter.CreateCounter<long>("auth.shadow.jit.count", description: "Shadow-user provisioning by result (created, existing, refreshed, tombstoned)");
        _jwksRefresh = meter.CreateCounter<long>("auth.jwks.refresh.count", description: "JWKS fetches by reason (startup, scheduled, unknown_kid, cold_start) and result");
        _requests = meter.CreateCounter<long>("auth.request.count", description: "Authenticated requests by method (jwt, legacy): the cut-over's drain gauge");
    }

    public void Verified(string result) => _verify.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Provisioned(string result) => _jit.Add(1, new KeyValuePair<string, object?>("result", result));

    public void JwksRefreshed(string reason, string result) =>
        _jwksRefresh.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("result", result));

    public void Authenticated(AuthMethod method) =>
        _requests.Add(1, new KeyValuePair<string, object?>("method", method == AuthMethod.Legacy ? "legacy" : "jwt"));
}
