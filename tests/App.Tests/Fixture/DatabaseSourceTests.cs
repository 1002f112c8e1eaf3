using System.Net.Sockets;
using System.Text;

namespace App.Tests.Fixture;

/// <summary>How the test fixture picks its PostgreSQL: TEST_DATABASE_URL, else Docker, else the installed binaries.</summary>
public sealed class DatabaseSourceTests
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private static readonly DockerProbeResult DockerUp = new(true, "unix:///var/run/docker.sock");
    private static readonly DockerProbeResult DockerDown = new(false, "unix:///var/run/docker.sock");

    [Fact]
    public void Url_WinsOverDockerAndBinaries_AndIsPrintedWithoutItsPassword()
    {
        var source = DatabaseSource.Choose("postgres://app:s3cret@db.internal:6543/app", DockerUp, BinDir);

        source.Kind.ShouldBe(DatabaseSourceKind.Url);
        source.Description.ShouldBe("TEST_DATABASE_URL (db.internal:6543)");
    }

    [Fact]
    public void DockerAnswering_WinsOverBinaries()
    {
        var source = DatabaseSource.Choose(testDatabaseUrl: " ", DockerUp, BinDir);

        source.Kind.ShouldBe(DatabaseSourceKind.Container);
        source.Description.ShouldContain(DatabaseSource.ContainerImage);
    }

    [Fact]
    public void NoDocker_FallsBackToTheBinaries()
    {
        var source = DatabaseSource.Choose(testDatabaseUrl: null, DockerDown, BinDir);

        source.Kind.ShouldBe(DatabaseSourceKind.Binaries);
        source.Description.ShouldBe($"the installed binaries in {BinDir} (no Docker engine answered at unix:///var/run/docker.sock)");
    }

    [Fact]
    public void NothingAvailable_SaysWhatToDo()
    {
        var error = Should.Throw<InvalidOperationException>(() => DatabaseSource.Choose(null, DockerDown, binDir: null));

        error.Message.ShouldContain("set TEST_DATABASE_URL");
        error.Message.ShouldContain("install the PostgreSQL server binaries");
    }

    [Fact]
    public async Task Probe_NoSocket_IsNoDocker()
    {
        var result = await DockerProbe.ProbeAsync($"unix://{Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))}.sock");

        result.Answers.ShouldBeFalse();
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK", true)]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\n\r\n", false)]
    [InlineData("", false)]
    public async Task Probe_CountsOnlyAnEngineAnswering200(string answer, bool answers)
    {
        var path = Path.Combine(Path.GetTempPath(), $"probe-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var engine = Task.Run(async () =>
        {
            using var client = await listener.AcceptAsync();
            await client.ReceiveAsync(new byte[512]);
            await client.SendAsync(Encoding.ASCII.GetBytes(answer));
        });

        try
        {
            var result = await DockerProbe.ProbeAsync($"unix://{path}");

            result.Answers.ShouldBe(answers);
            result.Endpoint.ShouldBe($"unix://{path}");
            await engine;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
