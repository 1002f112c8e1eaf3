using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Interop.Tests.Infrastructure;

/// <summary>
/// The interop server (real better-auth, configured like the deployed Auther) as a Node process on a free
/// loopback port; one per test class, so each class owns its users and keys.
/// </summary>
public sealed class InteropAuther : IAsyncDisposable
{
    public const string JwtIssuer = "https://auther.interop.test";
    public const string JwtAudience = "app-api";
    public const string WebClientId = "interop-web";
    public const string MobileClientId = "interop-mobile";
    public const string RedirectUri = "http://127.0.0.1/oauth/callback";

    /// <summary>PAYLOAD_CLIENT_SECRET: the sign-up gate.</summary>
    public const string SignupSecret = "interop-signup-gate-secret-0123456789abcdef";

    private const string ReadyPrefix = "interop-auther ready ";
    private readonly Process _process;

    private InteropAuther(Process process, Uri baseUrl, string testSecret)
    {
        _process = process;
        BaseUrl = baseUrl;
        Client = new BetterAuthClient(baseUrl, testSecret);
    }

    /// <summary>Auther's base URL (PRODUCTION_URL), also the issuer of OIDC id_tokens.</summary>
    public Uri BaseUrl { get; }

    public string Origin => BaseUrl.GetLeftPart(UriPartial.Authority);

    public BetterAuthClient Client { get; }

    public static IReadOnlyDictionary<string, string> ClientSecrets { get; } = new Dictionary<string, string>
    {
        [WebClientId] = "interop-web-secret",
        [MobileClientId] = "interop-mobile-secret",
    };

    /// <summary>Starts the server with the web and mobile clients, plus <paramref name="extraClients"/> and browser origins it trusts.</summary>
    public static async Task<InteropAuther> StartAsync(IEnumerable<InteropClient>? extraClients = null, IEnumerable<string>? trustedOrigins = null)
    {
        var directory = await NodeRuntime.ServerDirectoryAsync();
        var testSecret = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var info = new ProcessStartInfo("node", "server.mjs")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PORT"] = "0";
        info.Environment["BETTER_AUTH_SECRET"] = "interop-better-auth-secret-" + Guid.NewGuid().ToString("N");
        info.Environment["PAYLOAD_CLIENT_SECRET"] = SignupSecret;
        info.Environment["JWT_ISSUER"] = JwtIssuer;
        info.Environment["JWT_AUDIENCE"] = JwtAudience;
        var clients = ClientSecrets.Select(c => new InteropClient(c.Key, c.Value, RedirectUri)).Concat(extraClients ?? []);
        info.Environment["OIDC_CLIENTS"] = JsonSerializer.Serialize(clients.Select(c => new
        {
            clientId = c.ClientId,
            clientSecret = c.ClientSecret,
            redirectUri = c.RedirectUri,
            name = c.ClientId,
        }));
        info.Environment["TRUSTED_ORIGINS"] = string.Join(',', trustedOrigins ?? []);
        info.Environment["TEST_SECRET"] = testSecret;

        var process = Process.Start(info)!;
        var log = new StringBuilder();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"The interop server exited early:\n{log}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var baseUrl = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return new InteropAuther(process, baseUrl, testSecret);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(new Uri(line[ReadyPrefix.Length..].Trim()));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

/// <summary>A trusted confidential OAuth client of the interop server (the deployed Auther's has exactly one redirect URI).</summary>
public sealed record InteropClient(string ClientId, string ClientSecret, string RedirectUri);
