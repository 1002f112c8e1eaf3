using Microsoft.AspNetCore.Http.Json;

namespace App.Api.StorableText;

public static class InputTextSetup
{
    public static IServiceCollection AddInputTextRules(this IServiceCollection services) =>
        services.Configure<JsonOptions>(options => options.SerializerOptions.Converters.Add(new StorableStringConverter()));

    /// <summary>After routing (route values are known), before anything that may read the database.</summary>
    public static IApplicationBuilder UseInputTextRules(this IApplicationBuilder app) => app.UseMiddleware<InputTextMiddleware>();
}
