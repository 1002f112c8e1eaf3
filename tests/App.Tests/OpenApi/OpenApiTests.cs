using App.Tests.Errors;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using App.Api.Features.Expenses;
using App.Api.Features.Notifications;
using App.Api.Features.Organizations;
using App.Api.Features.Users;
using App.Api.Webhooks;
using App.Data.Organizations;
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
    public async Task EverySecuredOperation_AnswersA403Problem_AnySignedInCallerToo()
    {
        var document = await DocumentAsync();
        var secured = Operations(document).Where(o => o.Operation.GetProperty("security").GetArrayLength() > 0).ToList();

        secured.Count.ShouldBeGreaterThan(30);
        foreach (var (path, method, operation) in secured)
        {
            // A deactivated account gets 403 on every route that needs a token, whatever the route asks for.
            operation.GetProperty("responses").TryGetProperty("403", out var forbidden).ShouldBeTrue($"{method} {path}");
            forbidden.GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue($"{method} {path}");
        }

        // Open to any signed-in caller: no permission named, still a 403 for a deactivated account.
        Operation(document, "/api/me", "get").GetProperty("responses").TryGetProperty("403", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task EveryParameter_HasADescription()
    {
        var parameters = Operations(await DocumentAsync())
            .SelectMany(o => o.Operation.TryGetProperty("parameters", out var list)
                ? list.EnumerateArray().Select(p => (Where: $"{o.Method} {o.Path} {p.GetProperty("name").GetString()}", Parameter: p))
                : [])
            .ToList();

        parameters.Count.ShouldBeGreaterThan(45);
        parameters.Where(p => !p.Parameter.TryGetProperty("description", out var text) || string.IsNullOrWhiteSpace(text.GetString()))
            .Select(p => p.Where).ShouldBeEmpty();
    }

    [Fact]
    public async Task ClosedSetsOfValues_AreEnumerated_FromTheConstantsValidationChecks()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        foreach (var schema in new[] { "AddMemberRequest", "ChangeMemberRoleRequest", "MemberResponse", "OrganizationResponse" })
        {
            Enum(Property(schemas, schema, "role")).ShouldBe(MemberRoles.All, schema);
        }

        Enum(Property(schemas, "RegisterPushTokenRequest", "platform")).ShouldBe(RegisterPushTokenRequest.Platforms);
        Enum(Property(schemas, "PushTokenResponse", "platform")).ShouldBe(RegisterPushTokenRequest.Platforms);
        Enum(Property(schemas, "ExpenseResponse", "status")).ShouldBe(ExpenseResponse.StatusNames);
        Enum(Property(schemas, "UserResponse", "status")).ShouldBe(UserStatus.All);
        foreach (var schema in new[] { "CreateExpenseRequest", "ExpenseResponse" })
        {
            Property(schemas, schema, "currency").GetProperty("pattern").GetString().ShouldBe(CreateExpenseRequest.CurrencyPattern, schema);
        }

        // The one source: what the document offers, validation accepts; anything else it refuses.
        new CreateExpenseRequest(1m, "EUR", "x").ValidationErrors().ShouldBeEmpty();
        new CreateExpenseRequest(1m, "eur", "x").ValidationErrors().ShouldContainKey("currency");
        new CreateExpenseRequest(1m, "EUR\n", "x").ValidationErrors().ShouldContainKey("currency");
        new AddMemberRequest("u_1", "superuser").ValidationErrors().ShouldContainKey("role");

        // The expense filter takes a comma-separated list: an array in the query's (default) form style, unexploded.
        var status = Parameter(Operation(document, "/api/orgs/{orgSlug}/expenses", "get"), "status");
        (status.TryGetProperty("style", out var style) ? style.GetString() : "form").ShouldBe("form");
        status.GetProperty("explode").GetBoolean().ShouldBeFalse();
        Enum(status.GetProperty("schema").GetProperty("items")).ShouldBe(ExpenseResponse.StatusNames);
        Enum(Parameter(Operation(document, "/api/users", "get"), "status").GetProperty("schema")).ShouldBe(UserStatus.All);
    }

    [Fact]
    public async Task RequestBodies_AndTheMainResponses_HaveExamples_OfTheirOwnFields_ThatValidationAccepts()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var bodies = Operations(document)
            .Where(o => o.Operation.TryGetProperty("requestBody", out _))
            .Select(o => o.Operation.GetProperty("requestBody").GetProperty("content").EnumerateObject().First().Value.GetProperty("schema"))
            .Select(SchemaName).Distinct().ToList();
        string[] responses = ["ExpenseResponse", "ExpenseResponsePage", "OrganizationResponse", "MemberResponse", "UserResponse",
            "UserResponsePage", "SignUpResponse", "PushTokenResponse", "ProblemDetails", "HttpValidationProblemDetails"];

        bodies.Count.ShouldBeGreaterThanOrEqualTo(10);
        foreach (var name in bodies.Concat(responses))
        {
            var schema = schemas.GetProperty(name);
            schema.TryGetProperty("example", out var example).ShouldBeTrue(name);
            var fields = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            example.EnumerateObject().Select(p => p.Name).Except(fields).ShouldBeEmpty(name);
        }

        // "Try it out" with the example as it stands passes validation.
        var requests = typeof(Program).Assembly.GetTypes()
            .Where(t => bodies.Contains(t.Name)
                && t.GetProperties().Any(p => p.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.ValidationAttribute), true).Length > 0))
            .ToList();
        requests.Count.ShouldBeGreaterThanOrEqualTo(7);
        foreach (var type in requests)
        {
            var request = schemas.GetProperty(type.Name).GetProperty("example").Deserialize(type, JsonSerializerOptions.Web)!;
            request.ValidationErrors().ShouldBeEmpty(type.Name);
        }
    }

    [Fact]
    public async Task TheProblemExample_ShowsCodeAndTraceId_AndTheSchemaDeclaresThem()
    {
        var problem = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");

        var example = problem.GetProperty("example");
        example.GetProperty("code").GetString().ShouldNotBeNullOrWhiteSpace();
        example.GetProperty("traceId").GetString()!.ShouldMatch("^[0-9a-f]{32}$");
        problem.GetProperty("properties").GetProperty("code").GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
        problem.GetProperty("properties").GetProperty("traceId").GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task TheWebhookOperation_ShowsTheEnvelope_AndTheSignatureHeadersOfBothFormats()
    {
        var document = await DocumentAsync();
        var webhook = Operation(document, "/api/webhooks/auther", "post");

        var body = webhook.GetProperty("requestBody");
        body.GetProperty("required").GetBoolean().ShouldBeTrue();
        SchemaName(body.GetProperty("content").GetProperty("application/json").GetProperty("schema")).ShouldBe("WebhookEnvelope");
        var envelope = document.GetProperty("components").GetProperty("schemas").GetProperty("WebhookEnvelope");
        envelope.GetProperty("properties").EnumerateObject().Select(p => p.Name).ShouldBe(["id", "type", "timestamp", "data", "origin"], ignoreOrder: true);
        envelope.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["id", "type", "timestamp", "data"], ignoreOrder: true);
        envelope.GetProperty("example").GetProperty("type").GetString().ShouldStartWith("user.");

        foreach (var header in new[] { WebhookHeaders.Id, WebhookHeaders.Timestamp, WebhookHeaders.Signature,
                     WebhookHeaders.NativeId, WebhookHeaders.NativeTimestamp, WebhookHeaders.NativeSignature })
        {
            var parameter = Parameter(webhook, header);
            parameter.GetProperty("in").GetString().ShouldBe("header", header);
            parameter.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace(header);
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

    private static JsonElement Parameter(JsonElement operation, string name) =>
        operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    private static JsonElement Property(JsonElement schemas, string schema, string property) =>
        schemas.GetProperty(schema).GetProperty("properties").GetProperty(property);

    private static List<string> Enum(JsonElement schema) =>
        schema.TryGetProperty("enum", out var values) ? values.EnumerateArray().Select(v => v.GetString()!).ToList() : [];

    private static string SchemaName(JsonElement schema) => schema.GetProperty("$ref").GetString()!.Split('/')[^1];

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
