namespace Auther.Dev;

/// <summary>
/// A refusal Auther would answer with an error body (e.g. 404 <c>USER_NOT_FOUND</c>). The HTTP routes turn it
/// into Auther's shape; in-process callers see it thrown.
/// </summary>
public sealed class AutherDevException(int status, string code, string message) : Exception(message)
{
    /// <summary>The HTTP status Auther answers with.</summary>
    public int Status { get; } = status;

    /// <summary>better-auth's UPPER_SNAKE code, e.g. <c>USER_NOT_FOUND</c>.</summary>
    public string Code { get; } = code;
}
