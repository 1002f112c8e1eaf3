using System.Diagnostics;
using Auther.Dev.Keys;
using Auther.Dev.Tests.Infrastructure;

namespace Auther.Dev.Tests.Cli;

/// <summary>The verbs run as the real executable against the state file a running server uses.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("auther-dev-cli-").FullName;

    private string StateFile => Path.Combine(_directory, "state.json");

    [Fact]
    public async Task MintToken_FromTheStateFile_VerifiesAgainstWhatServePublishes()
    {
        await using var server = await TestAuther.StartAsync(o => o.StateFile = StateFile);

        var (exit, output) = await RunAsync("mint-token", "--state", StateFile, "--sub", "cli-user",
            "--permissions", "user:deactivate,notifications:read", "--abac", "expense:approve", "--lifetime", "15m");

        exit.ShouldBe(0, output);
        var token = output.Trim();
        Ed25519JwtVerifier.Verify(token, await TestAuther.Client(server).GetStringAsync("/api/auth/jwks")).ShouldBeTrue();
        var claims = Jwt.Payload(token);
        claims.GetProperty("iss").GetString().ShouldBe(server.Issuer);
        claims.GetProperty("permissions").GetProperty("notifications")[0].GetString().ShouldBe("read");
        claims.GetProperty("abac_required").GetProperty("expense")[0].GetString().ShouldBe("approve");
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).ShouldBe(900);
    }

    [Fact]
    public async Task RotateKey_OnTheStateFile_IsPickedUpByTheRunningServer()
    {
        await using var server = await TestAuther.StartAsync(o => o.StateFile = StateFile);
        var before = server.CurrentKey.Kid;

        var (exit, output) = await RunAsync("rotate-key", "--state", StateFile, "--alg", "RS256");

        exit.ShouldBe(0, output);
        var jwks = await TestAuther.Client(server).GetStringAsync("/api/auth/jwks");
        jwks.ShouldContain(before);
        jwks.ShouldContain(output.Split(' ')[0]);
        server.CurrentKey.Algorithm.ShouldBe(KeyAlgorithm.RS256);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Auther.Dev.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await output + await error);
    }
}
