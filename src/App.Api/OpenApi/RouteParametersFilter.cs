using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace App.Api.OpenApi;

/// <summary>
/// Declares every <c>{name}</c> of the route as a required path parameter. Route values a handler does not
/// take itself (<c>orgSlug</c>, read by the organization middleware into <c>OrganizationContext</c>) are
/// otherwise missing, and Swagger UI sends the literal <c>%7BorgSlug%7D</c>.
/// </summary>
public sealed partial class RouteParametersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Parameters ??= [];
        foreach (Match match in RouteValue().Matches(context.ApiDescription.RelativePath ?? string.Empty))
        {
            var name = match.Groups["name"].Value;
            var constraint = match.Groups["constraint"].Value;
            if (operation.Parameters.Any(p => p.In == ParameterLocation.Path && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = name == "orgSlug" ? "The organization's slug, e.g. `acme` (from `POST /api/orgs`)." : null,
                Schema = constraint == "guid"
                    ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" }
                    : new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?<constraint>[a-z]+))?[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex RouteValue();
}
