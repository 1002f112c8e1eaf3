using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NSec.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace App.Benchmarks;

/// <summary>
/// Ed25519 verification of one JWT-sized message, as the app does it per token: BouncyCastle (raw key,
/// decoded on every call), BouncyCastle with the key decoded once, and NSec (libsodium). The library
/// choice in docs/dependencies.md rests on these figures (NSec only if it is at least 2x faster).
/// </summary>
public class Ed25519Benchmark
{
    public const string Options = "BenchmarkDotNet arguments, e.g. --filter *";

    private byte[] _publicKey = [];
    private byte[] _message = [];
    private byte[] _signature = [];
    private Ed25519PublicKeyParameters _bouncyKey = null!;
    private PublicKey _nsecKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        var seed = new byte[32];
        new Random(8032).NextBytes(seed);
        var privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        _publicKey = privateKey.GeneratePublicKey().GetEncoded();
        // A typical Auther access token's signing input: base64url header '.' base64url claims.
        _message = Encoding.ASCII.GetBytes(new string('a', 60) + "." + new string('b', 360));
        _signature = new byte[64];
        privateKey.Sign(BcEd25519.Algorithm.Ed25519, null, _message, 0, _message.Length, _signature, 0);
        _bouncyKey = new Ed25519PublicKeyParameters(_publicKey, 0);
        _nsecKey = PublicKey.Import(SignatureAlgorithm.Ed25519, _publicKey, KeyBlobFormat.RawPublicKey);
        if (!BouncyCastleRawKey() || !BouncyCastleDecodedKey() || !NSecLibsodium())
        {
            throw new InvalidOperationException("A verifier rejected a valid signature.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool BouncyCastleRawKey() =>
        BcEd25519.Verify(_signature, 0, _publicKey, 0, _message, 0, _message.Length);

    [Benchmark]
    public bool BouncyCastleDecodedKey() =>
        _bouncyKey.Verify(BcEd25519.Algorithm.Ed25519, null, _message, 0, _message.Length, _signature, 0);

    [Benchmark]
    public bool NSecLibsodium() =>
        SignatureAlgorithm.Ed25519.Verify(_nsecKey, _message, _signature);

    /// <summary>In-process (no second build of this project), default job: a few seconds per method.</summary>
    public static int Run(string[] args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(BenchmarkDotNet.Columns.RatioStyle.Trend));
        Console.WriteLine($"ed25519 verify: {Environment.ProcessorCount} cores, load average {Args.LoadAverage()}");
        var summary = BenchmarkRunner.Run<Ed25519Benchmark>(config, args);
        CompareCpuTime();
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }

    /// <summary>
    /// On a machine shared with other work, wall-clock means swing with the neighbours' load. CPU time spent
    /// by this process, with the three verifiers interleaved in short rounds, is what the load does not skew.
    /// </summary>
    private static void CompareCpuTime(int rounds = 40, int perRound = 250)
    {
        var bench = new Ed25519Benchmark();
        bench.Setup();
        (string Name, Func<bool> Verify)[] verifiers =
            [(nameof(BouncyCastleRawKey), bench.BouncyCastleRawKey), (nameof(BouncyCastleDecodedKey), bench.BouncyCastleDecodedKey), (nameof(NSecLibsodium), bench.NSecLibsodium)];
        var spent = new TimeSpan[verifiers.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var v = 0; v < verifiers.Length; v++)
            {
                var before = Environment.CpuUsage.TotalTime;
                for (var i = 0; i < perRound; i++)
                {
                    verifiers[v].Verify();
                }

                spent[v] += Environment.CpuUsage.TotalTime - before;
            }
        }

        Console.WriteLine($"CPU time per verification, interleaved ({rounds} x {perRound} each), load average {Args.LoadAverage()}:");
        for (var v = 0; v < verifiers.Length; v++)
        {
            Console.WriteLine($"  {verifiers[v].Name,-24} {spent[v].TotalMicroseconds / (rounds * perRound),8:0.0} us  " +
                              $"({spent[0] / spent[v]:0.00}x the speed of {verifiers[0].Name})");
        }
    }
}
