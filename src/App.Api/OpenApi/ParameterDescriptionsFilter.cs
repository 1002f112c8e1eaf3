using System.ComponentModel;
using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace App.Api.OpenApi;

/// <summary>
/// A parameter's description is written where the parameter is declared, as <c>[Description("...")]</c> on the
/// handler's parameter. Swashbuckle puts that text on the parameter's schema only, which Swagger UI does not show
/// beside the field: this copies it onto the parameter itself.
/// </summary>
public sealed class ParameterDescriptionsFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var description = context.ParameterInfo?.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? context.PropertyInfo?.GetCustomAttribute<DescriptionAttribute>()?.Description;
        if (description is not null && parameter is OpenApiParameter declared)
        {
            declared.Description = description;
        }
    }
}
