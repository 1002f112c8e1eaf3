using System.Globalization;
using System.Text.Json;
using Auther.Dev.Json;
using Auther.Dev.Users;

namespace Auther.Dev.Admin;

/// <summary>
/// better-auth's <c>list-users</c> query: search (<c>searchField</c> email or name, <c>searchOperator</c> contains,
/// starts_with, ends_with), one filter (<c>filterOperator</c> eq, ne, lt, lte, gt, gte, contains) on any user
/// field, a sort on any field, then <c>offset</c>/<c>limit</c>. <c>total</c> counts the matches before paging.
/// </summary>
internal sealed record ListUsersQuery(
    int? Limit, int? Offset, string? SortBy, bool Descending, string? SearchField, string? SearchValue, string SearchOperator,
    string? FilterField, string? FilterValue, string FilterOperator)
{
    private static readonly string[] SearchOperators = ["contains", "starts_with", "ends_with"];
    private static readonly string[] FilterOperators = ["eq", "ne", "lt", "lte", "gt", "gte", "contains"];

    /// <summary>The query, or the message of better-auth's 400 when a parameter is out of its range.</summary>
    public static (ListUsersQuery? Query, string? Error) Parse(IQueryCollection query)
    {
        string? Text(string name) => query[name].ToString() is { Length: > 0 } value ? value : null;
        if (!TryInt(Text("limit"), out var limit) || !TryInt(Text("offset"), out var offset))
        {
            return (null, "limit and offset must be whole numbers");
        }

        var direction = Text("sortDirection") ?? "asc";
        var searchOperator = Text("searchOperator") ?? "contains";
        var filterOperator = Text("filterOperator") ?? "eq";
        var searchField = Text("searchField");
        return direction is not ("asc" or "desc") ? (null, "sortDirection must be asc or desc")
            : !SearchOperators.Contains(searchOperator) ? (null, "searchOperator must be contains, starts_with or ends_with")
            : !FilterOperators.Contains(filterOperator) ? (null, "filterOperator must be eq, ne, lt, lte, gt, gte or contains")
            : searchField is not (null or "email" or "name") ? (null, "searchField must be email or name")
            : (new ListUsersQuery(limit, offset, Text("sortBy"), direction == "desc", searchField, Text("searchValue"), searchOperator,
                Text("filterField"), Text("filterValue"), filterOperator), null);
    }

    public (IReadOnlyList<UserAccount> Page, int Total) Apply(IReadOnlyList<UserAccount> users)
    {
        // The poll's query (sort by a time, no search): sorted on the typed value, at the JSON's millisecond
        // precision, rather than by serialising every user per request (seconds per page at 100,000 users).
        if (SearchValue is null && FilterField is null && TimeKey(SortBy) is { } key)
        {
            var byTime = Descending ? users.OrderByDescending(key) : users.OrderBy(key);
            var slice = byTime.Skip(Math.Max(0, Offset ?? 0));
            return ((Limit is { } count ? slice.Take(Math.Max(0, count)) : slice).ToList(), users.Count);
        }

        var rows = users.Select(u => (User: u, Json: JsonSerializer.SerializeToElement(u, AutherJson.Options))).ToList();
        if (SearchValue is not null)
        {
            rows = rows.Where(r => Matches(Field(r.Json, SearchField ?? "email"), SearchOperator, SearchValue)).ToList();
        }

        if (FilterField is not null)
        {
            rows = rows.Where(r => Matches(Field(r.Json, FilterField), FilterOperator, FilterValue ?? "")).ToList();
        }

        IEnumerable<(UserAccount User, JsonElement Json)> ordered = SortBy is null ? rows
            : Descending ? rows.OrderByDescending(r => Field(r.Json, SortBy), JsonValueComparer.Instance)
            : rows.OrderBy(r => Field(r.Json, SortBy), JsonValueComparer.Instance);
        var page = ordered.Skip(Math.Max(0, Offset ?? 0));
        if (Limit is { } take)
        {
            page = page.Take(Math.Max(0, take));
        }

        return (page.Select(r => r.User).ToList(), rows.Count);
    }

    private static Func<UserAccount, long>? TimeKey(string? sortBy) => sortBy switch
    {
        "updatedAt" => u => u.UpdatedAt.ToUnixTimeMilliseconds(),
        "createdAt" => u => u.CreatedAt.ToUnixTimeMilliseconds(),
        _ => null,
    };

    private static JsonElement Field(JsonElement user, string name) =>
        user.TryGetProperty(name, out var value) ? value : default;

    private static bool Matches(JsonElement field, string op, string value)
    {
        if (op is "contains" or "starts_with" or "ends_with")
        {
            var text = field.ValueKind == JsonValueKind.String ? field.GetString()! : field.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : field.GetRawText();
            return text is not null && op switch
            {
                "starts_with" => text.StartsWith(value, StringComparison.OrdinalIgnoreCase),
                "ends_with" => text.EndsWith(value, StringComparison.OrdinalIgnoreCase),
                _ => text.Contains(value, StringComparison.OrdinalIgnoreCase),
            };
        }

        var order = JsonValueComparer.CompareTo(field, value);
        return op switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "lt" => order is < 0 and not int.MinValue,
            "lte" => order is <= 0 and not int.MinValue,
            "gt" => order > 0,
            _ => order >= 0,
        };
    }

    private static bool TryInt(string? text, out int? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed);
        value = parsed;
        return ok;
    }
}
