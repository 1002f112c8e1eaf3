using System.Text.Json.Nodes;
using App.Api.Features.Expenses;
using App.Api.Features.Notifications;
using App.Api.Features.Organizations;
using App.Api.Features.Users;
using App.Api.Webhooks;
using App.Data.Organizations;
using App.Data.Webhooks;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace App.Api.OpenApi;

/// <summary>
/// The values a string field or query parameter accepts, written into the document from the very constants its
/// validation checks (<see cref="MemberRoles"/>, <see cref="RegisterPushTokenRequest.Platforms"/>, the statuses,
/// <see cref="CreateExpenseRequest.CurrencyPattern"/>): Swagger UI offers a drop-down, and the document cannot
/// drift from what the API accepts. A new field with a closed set of values gets a line here.
/// </summary>
public sealed class AllowedValuesFilter : ISchemaFilter, IParameterFilter
{
    private static readonly Dictionary<(Type Type, string Property), Action<OpenApiSchema>> Fields = new()
    {
        [(typeof(CreateExpenseRequest), "currency")] = Currency,
        [(typeof(ExpenseResponse), "currency")] = Currency,
        [(typeof(ExpenseResponse), "status")] = OneOf(ExpenseResponse.StatusNames),
        [(typeof(AddMemberRequest), "role")] = OneOf(MemberRoles.All),
        [(typeof(ChangeMemberRoleRequest), "role")] = OneOf(MemberRoles.All),
        [(typeof(MemberResponse), "role")] = OneOf(MemberRoles.All),
        [(typeof(OrganizationResponse), "role")] = OneOf(MemberRoles.All),
        [(typeof(RegisterPushTokenRequest), "platform")] = OneOf(RegisterPushTokenRequest.Platforms),
        [(typeof(PushTokenResponse), "platform")] = OneOf(RegisterPushTokenRequest.Platforms),
        [(typeof(UserResponse), "status")] = OneOf(UserStatus.All),
        [(typeof(WebhookEventSummary), "status")] = OneOf(WebhookEventStatus.All),
    };

    /// <summary>Query parameters, by the class that declares the handler and the parameter's name.</summary>
    private static readonly Dictionary<(Type Handlers, string Parameter), Action<OpenApiParameter>> Parameters = new()
    {
        // "submitted,approved": a comma-separated list, which is an array in form style without explode.
        [(typeof(ExpensesEndpoints), "status")] = parameter => parameter.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = Values(ExpenseResponse.StatusNames),
        },
        [(typeof(UserQueryEndpoints), "status")] = parameter => parameter.Schema = Values(UserStatus.All),
        [(typeof(WebhookEndpoints), "status")] = parameter => parameter.Schema = Values(WebhookEventStatus.All),
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { } properties })
        {
            return;
        }

        foreach (var ((type, name), apply) in Fields)
        {
            if (type == context.Type && properties.TryGetValue(name, out var property) && property is OpenApiSchema field)
            {
                apply(field);
            }
        }
    }

    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is OpenApiParameter query && context.ParameterInfo?.Member.DeclaringType is { } handlers
            && Parameters.TryGetValue((handlers, context.ParameterInfo.Name ?? string.Empty), out var apply))
        {
            apply(query);
            if (query.Schema?.Type == JsonSchemaType.Array)
            {
                query.Style = ParameterStyle.Form;
                query.Explode = false;
            }
        }
    }

    private static void Currency(OpenApiSchema field)
    {
        field.Pattern = CreateExpenseRequest.CurrencyPattern;
        field.MinLength = 3;
        field.MaxLength = 3;
    }

    private static Action<OpenApiSchema> OneOf(IEnumerable<string> values) =>
        field => field.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();

    private static OpenApiSchema Values(IEnumerable<string> values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
    };
}
