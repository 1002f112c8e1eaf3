using System.Net;
using System.Reflection;
using System.Text;
using App.Api.Auth;
using App.Tests.Infrastructure;
using App.Tests.StorableText;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Errors;

/// <summary>
/// Generated hostile strings in the route values, query strings and JSON bodies of EVERY endpoint of the
/// app's route table (read from its EndpointDataSource, so a new endpoint is covered without a change
/// here), sent by a caller who holds every permission: no answer is a 5xx, every error is problem+json.
/// </summary>
public sealed class HostileInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>Raw JSON string literals: lone surrogates cannot be written by a JSON serializer.</summary>
    private static readonly string[] HostileJson =
    [
        "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00\"", $"\"{new string('x', 10_000)}\"", "\"%00\"",
        "\"' OR 1=1 --\"", "\"../../etc/passwd\"", "\"\\u202e\\ud83d\\ude00\"", "\"\"", "\"   \"", "-1", "1e400", "true", "[]", "{}", "null",
    ];

    /// <summary>The same ideas as query and route text (percent-encoded by the caller).</summary>
    private static readonly string[] HostileText =
    [
        "\0", "a\0b", "\ud800", "x\udc00", new('x', 10_000), "%00", "' OR 1=1 --", "../..", "\u202e😀", " ", "-1", "99999999999999999999",
        "9999-99-99", "submitted,approved,rejected", "1,2",
    ];

    [Fact]
    public async Task EveryEndpoint_WithHostileRouteQueryAndBodyValues_NeverAnswers5xx_AndEveryErrorIsProblemJson()
    {
        var caller = api.ClientFor(TestData.NewUserId(), [.. Policies.All]);
        var slug = await caller.CreateOrganizationAsync();
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null).ToList();
        endpoints.Count.ShouldBeGreaterThan(25, "the route table is read from the app, not listed here");

        var failures = new List<string>();
        var sent = 0;
        foreach (var endpoint in endpoints)
        {
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                foreach (var request in Requests(endpoint, method, slug))
                {
                    sent++;
                    using var response = await caller.SendAsync(request());
                    var status = (int)response.StatusCode;
                    var mediaType = response.Content.Headers.ContentType?.MediaType;
                    if (status >= 500 || (status >= 400 && mediaType != "application/problem+json"))
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        failures.Add($"{method} {endpoint.RoutePattern.RawText}: {status} {mediaType} {body[..Math.Min(body.Length, 200)]}");
                    }
                }
            }
        }

        sent.ShouldBeGreaterThan(1000);
        failures.Distinct().ShouldBeEmpty();
    }

    /// <summary>Item 2 of the third hostile round: a quoted UTF-8 charset answered 500 on every JSON endpoint.</summary>
    [Fact]
    public async Task EveryEndpointWithABody_ReadsAQuotedUtf8Charset_AndRefusesOtherCharsetsWith415()
    {
        var caller = api.ClientFor(TestData.NewUserId(), [.. Policies.All]);
        var slug = await caller.CreateOrganizationAsync();
        var failures = new List<string>();
        foreach (var (endpoint, method) in BodyEndpoints())
        {
            var path = Path(endpoint.RoutePattern, slug, null, null);
            using var quoted = await caller.SendAsync(WithCharset(method, path, "\"utf-8\""));
            if ((int)quoted.StatusCode is >= 500 or 415)
            {
                failures.Add($"{method} {endpoint.RoutePattern.RawText} with charset=\"utf-8\": {(int)quoted.StatusCode}");
            }

            using var foreign = await caller.SendAsync(WithCharset(method, path, "utf-7"));
            if ((int)foreign.StatusCode != 415 || foreign.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{method} {endpoint.RoutePattern.RawText} with charset=utf-7: {(int)foreign.StatusCode}");
            }
        }

        failures.ShouldBeEmpty();
    }

    private static HttpRequestMessage WithCharset(string method, string path, string charset)
    {
        var request = JsonCharsetTests.Post(path, "{}", $"application/json; charset={charset}");
        request.Method = new HttpMethod(method);
        return request;
    }

    private IEnumerable<(RouteEndpoint Endpoint, string Method)> BodyEndpoints() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (e, m)))
            .Where(x => x.m is not ("GET" or "HEAD" or "OPTIONS"));

    private static IEnumerable<Func<HttpRequestMessage>> Requests(RouteEndpoint endpoint, string method, string slug)
    {
        var parameters = endpoint.RoutePattern.Parameters;
        var queryNames = QueryNames(endpoint).DefaultIfEmpty("q").ToList();
        var bodyProperties = BodyProperties(endpoint);
        foreach (var text in HostileText)
        {
            // Hostile route values, one parameter at a time. A NUL never reaches a route value: Kestrel (and the
            // test server) refuse it in the path before the app runs.
            foreach (var hostile in parameters.Where(p => !text.Contains('\0') && !p.ParameterPolicies.Any(c => c.Content is "guid" or "int" or "long")))
            {
                var path = Path(endpoint.RoutePattern, slug, hostile.Name, text);
                yield return () => Build(method, path, "{}");
            }

            // Hostile query values on every parameter the handler binds from the query.
            var query = string.Join('&', queryNames.Select(n => $"{n}={Encode(text)}"));
            var plain = Path(endpoint.RoutePattern, slug, null, null);
            yield return () => Build(method, $"{plain}?{query}", "{}");
        }

        if (method is "GET" or "HEAD")
        {
            yield break;
        }

        var target = Path(endpoint.RoutePattern, slug, null, null);
        foreach (var json in HostileJson)
        {
            // Every property hostile at once, then the whole body replaced by the value.
            var body = "{" + string.Join(',', bodyProperties.Select(p => $"\"{p}\":{json}")) + "}";
            yield return () => Build(method, target, body);
            yield return () => Build(method, target, json);
        }
    }

    private static HttpRequestMessage Build(string method, string path, string json) => new(new HttpMethod(method), path)
    {
        Content = new StringContent(json, Encoding.UTF8, "application/json"),
    };

    private static string Path(RoutePattern pattern, string slug, string? hostileName, string? hostile)
    {
        var builder = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            builder.Append('/');
            foreach (var part in segment.Parts)
            {
                builder.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart p when p.Name == hostileName => Encode(hostile!),
                    RoutePatternParameterPart { Name: "orgSlug" } => slug,
                    RoutePatternParameterPart p when p.ParameterPolicies.Any(c => c.Content == "guid") => Guid.NewGuid().ToString(),
                    RoutePatternParameterPart p when p.ParameterPolicies.Any(c => c.Content is "int" or "long") => "1",
                    RoutePatternParameterPart => "someone",
                    _ => string.Empty,
                });
            }
        }

        return builder.ToString();
    }

    /// <summary>Percent-encoded as an attacker would: a lone surrogate as its (invalid) three UTF-8-style bytes.</summary>
    private static string Encode(string text)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(Uri.EscapeDataString(text.Substring(i++, 2)));
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? "%ED%A0%80" : Uri.EscapeDataString(text[i].ToString()));
            }
        }

        return builder.ToString();
    }

    private static IEnumerable<string> QueryNames(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
            .Where(p => Nullable.GetUnderlyingType(p.ParameterType) is not null || p.ParameterType == typeof(string))
            .Where(p => !endpoint.RoutePattern.Parameters.Any(r => string.Equals(r.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(p => p.Name!) ?? [];

    private static List<string> BodyProperties(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
            .Select(p => Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType)
            .Where(t => t.Namespace?.StartsWith("App.Api.Features", StringComparison.Ordinal) == true && t.Name.EndsWith("Request", StringComparison.Ordinal)
                        || t.Name.EndsWith("Document", StringComparison.Ordinal))
            .SelectMany(t => t.GetProperties().Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]))
            .ToList() ?? [];
}
