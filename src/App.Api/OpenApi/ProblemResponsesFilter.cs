using App.Api.Network;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace App.Api.OpenApi;

/// <summary>
/// The error answers an operation can give, each as application/problem+json with what it means here.
/// Derived from the route where the route decides (a path value that may not exist: 404; a rate limit: 429);
/// declared on the endpoint with <c>.ProducesProblem(...)</c> where only the handler knows (409, 422, 502, 503).
/// </summary>
public sealed class ProblemResponsesFilter : IOperationFilter
{
    private static readonly Dictionary<int, string> Meanings = new()
    {
        [StatusCodes.Status400BadRequest] = "The request is malformed or fails validation; `errors` names each field.",
        [StatusCodes.Status401Unauthorized] = "No token, or the token is invalid, expired or revoked (`code` says which).",
        [StatusCodes.Status403Forbidden] = "Signed in, but not allowed: the account is deactivated (`account_deactivated`), or `detail` names the missing permission or the rule.",
        [StatusCodes.Status404NotFound] = "Nothing with that id here (or the organization does not exist).",
        [StatusCodes.Status409Conflict] = "The resource's current state does not allow this (or it changed meanwhile).",
        [StatusCodes.Status413PayloadTooLarge] = "The body is larger than allowed.",
        [StatusCodes.Status422UnprocessableEntity] = "Auther refused the data (its message is in `detail`).",
        [StatusCodes.Status429TooManyRequests] = "Too many requests from this address; see `Retry-After`.",
        [StatusCodes.Status502BadGateway] = "Auther answered with an error or refused the app's credentials.",
        [StatusCodes.Status503ServiceUnavailable] = "A dependency (Auther, its signing keys, the database) is unavailable; see `Retry-After`.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = context.ApiDescription.RelativePath ?? string.Empty;
        if (path.Contains('{', StringComparison.Ordinal))
        {
            Add(operation, context, StatusCodes.Status404NotFound);
        }

        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<EnableRateLimitingAttribute>().Any(a => a.PolicyName == RateLimitPolicies.PerIp))
        {
            Add(operation, context, StatusCodes.Status429TooManyRequests);
        }

        // Declared ones (ValidationProblem, .ProducesProblem) arrive with a bare reason phrase: say what it means here.
        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (response is OpenApiResponse declared && int.TryParse(code, out var status) && Meanings.TryGetValue(status, out var meaning))
            {
                declared.Description = meaning;
            }
        }
    }

    /// <summary>Adds a problem answer with its meaning, unless the operation already declares that status.</summary>
    public static void Add(OpenApiOperation operation, OperationFilterContext context, int status)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = Meanings[status],
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
            },
        };
    }
}
