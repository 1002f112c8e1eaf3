using App.Api.Errors;

namespace App.Api.IdentityProvider;

/// <summary>Auther could not be reached, timed out, or the circuit is open: 503, with Retry-After.</summary>
public sealed class AutherUnavailableException : ProblemException
{
    public AutherUnavailableException(string detail, TimeSpan retryAfter, Exception? inner = null)
        : base(StatusCodes.Status503ServiceUnavailable, "The identity provider is unavailable", detail, inner)
    {
        RetryAfter = retryAfter;
        Code = "auther_unavailable";
    }
}

/// <summary>Auther answered, but not with success: mapped to the app's problem (502, 404, 409, 422...).</summary>
public sealed class AutherRejectedException : ProblemException
{
    public AutherRejectedException(int status, string title, string? detail, string code, string? autherCode)
        : base(status, title, detail)
    {
        Code = code;
        AutherCode = autherCode;
    }

    /// <summary>Auther's own error code (<c>USER_NOT_FOUND</c>, <c>invalid_api_key</c>...), when it sent one.</summary>
    public string? AutherCode { get; }
}
