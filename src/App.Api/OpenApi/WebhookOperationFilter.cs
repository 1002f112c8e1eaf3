using App.Api.Webhooks;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace App.Api.OpenApi;

/// <summary>
/// The webhook receiver reads its body raw (the signature covers the exact bytes), so nothing tells the document
/// what Auther sends: this declares the envelope as the request body and the signature headers of both formats
/// (<see cref="WebhookHeaders"/>). The envelope schema keeps the fields on the wire, not the ones computed from them.
/// </summary>
public sealed class WebhookOperationFilter : IOperationFilter, ISchemaFilter
{
    private static readonly (string Name, string Description)[] Headers =
    [
        (WebhookHeaders.Id, "Standard Webhooks: the message id (`svix-id` from Svix). Signed, with the timestamp and the body."),
        (WebhookHeaders.Timestamp, "Standard Webhooks: unix seconds when signed (`svix-timestamp` from Svix); outside the accepted window is a 401."),
        (WebhookHeaders.Signature, "Standard Webhooks: space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>` (`svix-signature` from Svix)."),
        (WebhookHeaders.NativeId, "Auther native format: the delivery id (not signed; must equal the envelope `id` when sent)."),
        (WebhookHeaders.NativeTimestamp, "Auther native format: unix milliseconds when signed; outside the accepted window is a 401."),
        (WebhookHeaders.NativeSignature, "Auther native format: lowercase hex HMAC-SHA256 of `timestamp.body` with the webhook secret."),
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>()
                .All(n => n.EndpointName != WebhookEndpoints.ReceiveName))
        {
            return;
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The signed event envelope, exactly as Auther sent it (form-encoded bodies are accepted too).",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(WebhookEnvelope), context.SchemaRepository) },
            },
        };

        operation.Parameters ??= [];
        foreach (var (name, description) in Headers)
        {
            // One format's headers or the other's: none of them is required on its own.
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Header,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(WebhookEnvelope) || schema is not OpenApiSchema { Properties: { } properties } envelope)
        {
            return;
        }

        var wire = typeof(WebhookEnvelope).GetConstructors().Single().GetParameters()
            .Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name!)).ToHashSet();
        foreach (var computed in properties.Keys.Where(k => !wire.Contains(k)).ToList())
        {
            properties.Remove(computed);
        }

        envelope.Required = new HashSet<string> { "id", "type", "timestamp", "data" };
        Describe(properties, "id", "The event id; a redelivery carries the same one.");
        Describe(properties, "type", "The event, e.g. `user.created`, `user.updated`, `user.deleted`, `session.created`.");
        Describe(properties, "timestamp", "When it happened, unix milliseconds: the order in which changes apply.");
        Describe(properties, "data", "The event's object (for `user.*` events the user, with `id`).");
        Describe(properties, "origin", "Deployed Auther only: what caused the event.");
    }

    private static void Describe(IDictionary<string, IOpenApiSchema> properties, string name, string description)
    {
        if (properties.TryGetValue(name, out var property) && property is OpenApiSchema field)
        {
            field.Description = description;
        }
    }
}
