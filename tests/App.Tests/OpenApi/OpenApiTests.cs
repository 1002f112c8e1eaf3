using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.OpenApi;

/// <summary>
/// The document Swagger UI is driven by: what it says must be enough to call every operation
/// (the browser test in tests/Browser.Tests proves a few of them end to end).
/// </summary>
public sealed partial class OpenApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Document_IsAnonymous_AndOffersBearerAuthorization()
    {
        var document = await DocumentAsync();

        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        bearer.GetProperty("scheme").GetString().ShouldBe("bearer");
        bearer.GetProperty("bearerFormat").GetString().ShouldBe("JWT");
    }

    [Fact]
    public async Task EveryRouteValue_IsDeclaredAsARequiredPathParameter()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        operations.Count(o => o.Path.Contains("{orgSlug}", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(13);
        foreach (var (path, method, operation) in operations)
        {
            var declared = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path")
                    .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("required").GetBoolean())
                : [];
            foreach (Match value in RouteValue().Matches(path))
            {
                declared.ShouldContainKey(value.Groups[1].Value, $"{method} {path}");
                declared[value.Groups[1].Value].ShouldBeTrue($"{method} {path}");
            }
        }
    }

    [Fact]
    public async Task EveryOperation_HasASummary_AndItsProblemAnswers()
    {
        foreach (var (path, method, operation) in Operations(await DocumentAsync()))
        {
            var where = $"{method} {path}";
            operation.TryGetProperty("summary", out var summary).ShouldBeTrue(where);
            summary.GetString().ShouldNotBeNullOrWhiteSpace(where);
            var responses = operation.GetProperty("responses");
            if (path.Contains('{', StringComparison.Ordinal))
            {
                responses.TryGetProperty("404", out _).ShouldBeTrue(where);
            }

            foreach (var response in responses.EnumerateObject().Where(r => r.Name.StartsWith('4') || r.Name.StartsWith('5')))
            {
                response.Value.GetProperty("description").GetString()!.Length.ShouldBeGreaterThan(20, $"{where} {response.Name}");
            }
        }
    }

    [Fact]
    public async Task GuardedOperations_CarryTheLock_NameTheirPermission_AndAnswer401And403_AnonymousOnesCarryNoLock()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => $"{o.Method.ToUpperInvariant()} {o.Path}", o => o.Operation);
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true });

        var checkedGuarded = 0;
        foreach (var endpoint in endpoints)
        {
            var path = "/" + RouteConstraint().Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), "}").TrimEnd('/');
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var operation = operations[$"{method} {path}"];
                var security = operation.GetProperty("security");
                var responses = operation.GetProperty("responses");
                if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
                {
                    security.GetArrayLength().ShouldBe(0, path);
                    continue;
                }

                security[0].TryGetProperty("Bearer", out _).ShouldBeTrue(path);
                responses.TryGetProperty("401", out _).ShouldBeTrue(path);
                foreach (var policy in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>())
                {
                    operation.GetProperty("description").GetString()!.ShouldContain($"`{policy}`", customMessage: path);
                    responses.TryGetProperty("403", out _).ShouldBeTrue(path);
                    checkedGuarded++;
                }
            }
        }

        checkedGuarded.ShouldBeGreaterThan(20);
        Operation(document, "/api/auth/sign-up", "post").GetProperty("security").GetArrayLength().ShouldBe(0);
        Operation(document, "/api/webhooks/auther", "post").GetProperty("security").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task ProblemAnswers_OnlyTheHandlerKnows_AreDeclared()
    {
        var document = await DocumentAsync();

        Missing(Operation(document, "/api/auth/sign-up", "post"), "400", "409", "422", "429", "502", "503").ShouldBeEmpty();
        Missing(Operation(document, "/api/users/{userId}/deactivate", "post"), "401", "403", "404", "409", "502", "503").ShouldBeEmpty();
        Missing(Operation(document, "/api/orgs", "post"), "400", "401", "409").ShouldBeEmpty();
        Missing(Operation(document, "/api/orgs/{orgSlug}/expenses/{id}/approve", "post"), "401", "403", "404", "409").ShouldBeEmpty();
        var problem = Operation(document, "/api/orgs/{orgSlug}/expenses", "post").GetProperty("responses").GetProperty("403").GetProperty("content");
        problem.TryGetProperty("application/problem+json", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task RequestFields_ThatValidationInsistsOn_AreRequired()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        Required(schemas, "CreateExpenseRequest").ShouldBe(["amount", "currency", "description"], ignoreOrder: true);
        Required(schemas, "CreateOrganizationRequest").ShouldBe(["name", "slug"], ignoreOrder: true);
        Required(schemas, "SignUpRequest").ShouldBe(["email", "name", "password"], ignoreOrder: true);
        // Optional where validation supplies a default: a new member's role is "member".
        Required(schemas, "AddMemberRequest").ShouldBe(["userId"]);
        // Either one of two fields: neither alone is required.
        Required(schemas, "RevokeTokensRequest").ShouldBeEmpty();
    }

    [Fact]
    public async Task RequiredInTheDocument_IsExactlyWhatValidationRefusesWhenLeftOut()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var requests = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Request", StringComparison.Ordinal) && schemas.TryGetProperty(t.Name, out _))
            .ToList();

        requests.Count.ShouldBeGreaterThanOrEqualTo(8);
        foreach (var type in requests)
        {
            // An empty request through the same DataAnnotations attributes the endpoints' validation reads.
            var constructor = type.GetConstructors().Single();
            var empty = constructor.Invoke(new object?[constructor.GetParameters().Length]);
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(empty, new ValidationContext(empty, api.Services, null), results, validateAllProperties: true);
            var refused = results.SelectMany(r => r.MemberNames).Select(JsonNamingPolicy.CamelCase.ConvertName);
            var fields = type.GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToHashSet();
            Required(schemas, type.Name).ShouldBe(refused.Where(fields.Contains), ignoreOrder: true, customMessage: type.Name);
        }
    }

    [Fact]
    public async Task SchemaNames_AreFriendly()
    {
        var names = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToList();

        names.ShouldContain("ExpenseResponsePage");
        foreach (var name in names)
        {
            name.ShouldMatch("^[A-Za-z0-9]+$");
        }
    }

    [Fact]
    public async Task SwaggerUi_IsServed_AndKeepsTheTokenAcrossReloads()
    {
        using var client = api.CreateClient();
        using var page = await client.GetAsync("/swagger/index.html");
        using var script = await client.GetAsync("/swagger/index.js");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("swagger-ui");
        (await script.Content.ReadAsStringAsync()).ShouldContain("\"persistAuthorization\":true");
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await api.CreateClient().GetAsync("/swagger/v1/swagger.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => Methods.Contains(m.Name)).Select(m => (path.Name, m.Name, m.Value)));

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static List<string> Missing(JsonElement operation, params string[] statuses) =>
        statuses.Except(operation.GetProperty("responses").EnumerateObject().Select(r => r.Name)).ToList();

    private static List<string> Required(JsonElement schemas, string name) =>
        schemas.GetProperty(name).TryGetProperty("required", out var required)
            ? required.EnumerateArray().Select(r => r.GetString()!).ToList()
            : [];

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex RouteValue();

    [GeneratedRegex(@":[^}]*\}")]
    private static partial Regex RouteConstraint();
}
