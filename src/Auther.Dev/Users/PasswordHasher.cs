using System.Globalization;
using System.Security.Cryptography;

namespace Auther.Dev.Users;

/// <summary>
/// Salted PBKDF2-SHA256 from the BCL (better-auth uses scrypt; the format is ours, only the behaviour matters:
/// the password itself is never stored). Format: <c>pbkdf2-sha256$iterations$salt$hash</c>, base64 parts.
/// </summary>
internal static class PasswordHasher
{
    // Fewer than a production IdP would use: test suites hash many passwords on a shared 2-core machine.
    private const int Iterations = 20_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Scheme = "pbkdf2-sha256";

    private const int MinLength = 8;
    private const int MaxLength = 128;

    /// <summary>better-auth's length rule (8-128): the 400 it answers, or <c>null</c> when the password is acceptable.</summary>
    public static AutherDevException? Refusal(string password) => password.Length switch
    {
        < MinLength => new AutherDevException(400, "PASSWORD_TOO_SHORT", "Password too short"),
        > MaxLength => new AutherDevException(400, "PASSWORD_TOO_LONG", "Password too long"),
        _ => null,
    };

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string? stored)
    {
        var parts = stored?.Split('$');
        if (parts is not [Scheme, var iterationsText, var saltText, var hashText]
            || !int.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var expected = Convert.FromBase64String(hashText);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(saltText), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
