using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Errors;

/// <summary>
/// Runs a request record's DataAnnotations attributes (and its <see cref="IValidatableObject"/> rule) as the
/// framework's validation does, at a fixed time: the failures keyed by JSON field name, as a 400 names them.
/// </summary>
public static class RecordValidation
{
    public static Dictionary<string, string[]> ValidationErrors(this object request, DateTimeOffset? now = null)
    {
        using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FixedTime(now ?? DateTimeOffset.UtcNow))
            .BuildServiceProvider();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request, services, null), results, validateAllProperties: true);
        return results
            .SelectMany(r => r.MemberNames.Select(name => (Name: JsonName(name), Message: r.ErrorMessage ?? "")))
            .GroupBy(e => e.Name)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
    }

    private static string JsonName(string member) => member.Length == 0 ? member : char.ToLowerInvariant(member[0]) + member[1..];

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
