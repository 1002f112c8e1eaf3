using Auther.Dev.Keys;
using Auther.Dev.Tests.Infrastructure;
using Auther.Dev.Tokens;

namespace Auther.Dev.Tests.State;

public sealed class StateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("auther-dev-state-").FullName;

    private string StateFile => Path.Combine(_directory, "state.json");

    [Fact]
    public async Task Restart_WithTheSameStateFile_KeepsKeysAndUsers_SoOldTokensStillVerify()
    {
        string token;
        string userId;
        await using (var first = await TestAuther.StartAsync(o => o.StateFile = StateFile))
        {
            userId = first.CreateUser("kept@example.com", "Kept").Id;
            token = first.MintToken(new TokenRequest { UserId = userId });
        }

        await using var second = await TestAuther.StartAsync(o => o.StateFile = StateFile);

        var jwks = await TestAuther.Client(second).GetStringAsync("/api/auth/jwks");
        Ed25519JwtVerifier.Verify(token, jwks).ShouldBeTrue();
        second.FindUser(userId).ShouldNotBeNull().Email.ShouldBe("kept@example.com");
    }

    [Fact]
    public async Task StartingWithAnotherAlgorithm_RotatesButKeepsTheOldKeyPublished()
    {
        string edToken;
        await using (var first = await TestAuther.StartAsync(o => o.StateFile = StateFile))
        {
            edToken = first.MintToken(new TokenRequest { UserId = "user-1" });
        }

        await using var second = await TestAuther.StartAsync(o =>
        {
            o.StateFile = StateFile;
            o.Algorithm = KeyAlgorithm.ES256;
        });

        second.CurrentKey.Algorithm.ShouldBe(KeyAlgorithm.ES256);
        Ed25519JwtVerifier.Verify(edToken, await TestAuther.Client(second).GetStringAsync("/api/auth/jwks")).ShouldBeTrue();
    }

    [Fact]
    public async Task StateFile_IsWrittenWhole_WithNoTemporaryFileLeftBehind()
    {
        await using var server = await TestAuther.StartAsync(o => o.StateFile = StateFile);

        server.CreateUser("one@example.com");
        server.Grant("u", "org", "acme", "admin");

        File.Exists(StateFile).ShouldBeTrue();
        Directory.GetFiles(_directory).ShouldBe([StateFile]);
        var json = await File.ReadAllTextAsync(StateFile);
        json.ShouldContain("one@example.com");
        json.ShouldContain("\"privateKey\"");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
