namespace Auther.Dev.Errors;

/// <summary>Which of Auther's error bodies a route group answers with.</summary>
internal enum ErrorShape
{
    BetterAuth,
    Auther,
}
