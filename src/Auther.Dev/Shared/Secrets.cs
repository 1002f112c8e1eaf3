using System.Security.Cryptography;
using System.Text;

namespace Auther.Dev.Shared;

internal static class Secrets
{
    /// <summary>Constant-time comparison of a presented secret (header, cookie) with the configured one; empty never matches.</summary>
    public static bool Match(string presented, string expected) =>
        presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
