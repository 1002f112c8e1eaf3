using App.Tests.Infrastructure;

namespace Browser.Tests;

/// <summary>The API as the integration tests run it, on a real loopback socket so a browser can reach it.</summary>
public sealed class SwaggerApiFixture() : ApiFixture(new() { RealSocket = true });
