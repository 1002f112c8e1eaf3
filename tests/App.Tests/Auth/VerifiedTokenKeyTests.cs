using System.Security.Cryptography;
using System.Text;
using App.Api.Auth.Jwt;

namespace App.Tests.Auth;

/// <summary>
/// <see cref="VerifiedTokenCache.KeyOf"/> for the largest tokens: a token's UTF-8 bytes go on the stack only while
/// they are small. Auth:MaxTokenBytes may be set up to 1 MiB, whose worst case is 3 MiB of UTF-8, more than any
/// thread's stack holds.
/// </summary>
public sealed class VerifiedTokenKeyTests
{
    /// <summary>
    /// Keyed on a thread with a 256 KiB stack, so the test does not depend on the default stack size: a stackalloc
    /// of the token's bytes there ends the whole process (a stack overflow is not an exception a test can catch).
    /// </summary>
    [Fact]
    public void TheLargestTokenAllowed_IsKeyedByItsSha256_WithoutOverflowingASmallStack()
    {
        var token = new string('a', 1024 * 1024 - 1) + "b";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        UInt128? key = null;

        var thread = new Thread(() => key = VerifiedTokenCache.KeyOf(token), maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        key.ShouldBe(new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash, 8)));
    }
}
