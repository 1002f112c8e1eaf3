using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using App.Api.Features.Expenses;
using App.Api.Features.Me;
using App.Api.Features.Notifications;
using App.Api.Features.Organizations;
using App.Api.Paging;
using App.Api.Features.SignUp;
using App.Api.Features.Tokens;
using App.Api.Features.Users;
using App.Api.Webhooks;
using App.Data.Organizations;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace App.Api.OpenApi;

/// <summary>
/// An example for each request body and the main responses, built from the types themselves and serialized as
/// the API serializes them (nulls left out), so an example cannot name a field the type does not have. Swagger UI
/// pre-fills "Try it out" with the request examples; they pass the request's validation. Problems show the
/// <c>code</c> a client switches on and the <c>traceId</c> every log line of the request carries, and the
/// ProblemDetails schema declares both.
/// </summary>
public sealed class SchemaExamples(IOptions<HttpJsonOptions> json) : ISchemaFilter
{
    private const string UserId = "QfX2m7Lk9pRt4VbN8sWc1YzH";
    private const string AdminId = "Jd5Tq8Wn3Ks6Zr1Mv4Pb7Xc9";
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid ExpenseId = Guid.Parse("0193a4c2-7b1e-7d3a-9f20-5c8e41b2a6d7");
    private static readonly Guid OrganizationId = Guid.Parse("0193a4c0-11aa-7c4e-8d2b-3f6a90e1c5b4");

    private static readonly ExpenseResponse Expense = new(
        ExpenseId, 42.50m, "EUR", "Taxi from the airport", ExpenseResponse.StatusName(App.Data.Expenses.ExpenseStatus.Submitted),
        UserId, "Dev User", null, null, At, At.AddMinutes(5), null, "8841");

    private static readonly UserResponse User = new(UserId, "user@example.com", "Dev User", "user", UserStatus.Active, null, null, At, At.AddHours(2));

    private static readonly Dictionary<Type, object> Examples = new()
    {
        // Request bodies.
        [typeof(CreateExpenseRequest)] = new CreateExpenseRequest(42.50m, "EUR", "Taxi from the airport"),
        [typeof(RejectExpenseRequest)] = new RejectExpenseRequest("Please attach the receipt."),
        [typeof(CreateOrganizationRequest)] = new CreateOrganizationRequest("acme", "Acme Ltd"),
        [typeof(RenameOrganizationRequest)] = new RenameOrganizationRequest("Acme Holdings"),
        [typeof(AddMemberRequest)] = new AddMemberRequest(UserId, MemberRoles.Member),
        [typeof(ChangeMemberRoleRequest)] = new ChangeMemberRoleRequest(MemberRoles.Admin),
        [typeof(SignUpRequest)] = new SignUpRequest("new.user@example.com", "correct-horse-battery-staple", "New User"),
        [typeof(RevokeTokensRequest)] = new RevokeTokensRequest(null, UserId, At, null),
        [typeof(DeactivateUserRequest)] = new DeactivateUserRequest("Left the company"),
        [typeof(RegisterPushTokenRequest)] = new RegisterPushTokenRequest("fcm:dGhpcyBpcyBhIGRldmljZSB0b2tlbg", "android"),
        [typeof(NotificationPreferencesDocument)] = new NotificationPreferencesDocument(
            [new NotificationPreferenceItem(NotificationTypes.ExpenseSubmitted, true, true, false)]),
        [typeof(WebhookEnvelope)] = new JsonObject
        {
            ["id"] = "evt_9c1f3e0b7a2d4c6e8f10a2b4c6d8e0f1",
            ["type"] = "user.updated",
            ["timestamp"] = At.ToUnixTimeMilliseconds(),
            ["data"] = new JsonObject { ["id"] = UserId, ["email"] = "user@example.com", ["name"] = "Dev User", ["role"] = "user" },
        },

        // Main responses.
        [typeof(ExpenseResponse)] = Expense,
        [typeof(PagedList<ExpenseResponse>)] = new PagedList<ExpenseResponse>([Expense], 1, 20, false),
        [typeof(OrganizationResponse)] = new OrganizationResponse(OrganizationId, "acme", "Acme Ltd", MemberRoles.Owner, At),
        [typeof(MemberResponse)] = new MemberResponse(UserId, "Dev User", "user@example.com", MemberRoles.Member, At),
        [typeof(UserResponse)] = User,
        [typeof(PagedList<UserResponse>)] = new PagedList<UserResponse>([User], 1, 20, false),
        [typeof(UserStatusResponse)] = new UserStatusResponse(UserId, true, "Left the company", null),
        [typeof(SignUpResponse)] = new SignUpResponse(UserId, "new.user@example.com", "New User"),
        [typeof(PushTokenResponse)] = new PushTokenResponse(Guid.Parse("0193a4c5-2e4f-7a1b-b3c5-d7e9f1a3b5c7"), "android", At),
        [typeof(MeUser)] = new MeUser(AdminId, "admin@example.com", "Dev Admin", null, true, "admin", false, At, At, At.AddHours(2)),

        // Problems: code and traceId are what a client and an operator look for first.
        [typeof(ProblemDetails)] = new ProblemDetails
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
            Title = "Missing permission",
            Status = StatusCodes.Status403Forbidden,
            Detail = "This operation requires the permission 'expense:approve'.",
            Instance = "/api/orgs/acme/expenses/" + ExpenseId + "/approve",
            Extensions = { ["code"] = "missing_permission", ["traceId"] = TraceId },
        },
        [typeof(HttpValidationProblemDetails)] = new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { ["currency"] = ["Required: an ISO 4217 code of 3 upper-case letters, e.g. EUR."] })
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "One or more validation errors occurred.",
            Status = StatusCodes.Status400BadRequest,
            Instance = "/api/orgs/acme/expenses",
            Extensions = { ["traceId"] = TraceId },
        },
    };

    private readonly JsonSerializerOptions _options = new(json.Value.SerializerOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || !Examples.TryGetValue(context.Type, out var example))
        {
            return;
        }

        if (context.Type == typeof(ProblemDetails) || context.Type == typeof(HttpValidationProblemDetails))
        {
            concrete.Properties ??= new Dictionary<string, IOpenApiSchema>();
            concrete.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The W3C trace id of the request; every log line of the request carries it.",
            };
        }

        if (context.Type == typeof(ProblemDetails))
        {
            concrete.Properties!["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Stable machine-readable reason (e.g. `missing_permission`, `account_deactivated`): switch on this, not on `title`.",
            };
        }

        concrete.Examples = [example as JsonNode ?? JsonSerializer.SerializeToNode(example, example.GetType(), _options)!];
    }
}
