namespace App.Api.Paging;

/// <summary>
/// <c>page</c> (from 1) and <c>pageSize</c> query parameters, validated the same way on every list.
/// A page is fetched with one extra row to tell whether another follows, so no count query is needed.
/// </summary>
public sealed record PageQuery(int Page, int PageSize)
{
    public int Skip => (Page - 1) * PageSize;

    /// <summary>Rows to fetch: one more than the page holds.</summary>
    public int Take => PageSize + 1;

    /// <summary>The query, or null with field errors added to <paramref name="errors"/>.</summary>
    public static PageQuery? From(int? page, int? pageSize, Dictionary<string, string[]> errors, int defaultSize = 20, int maxSize = 100)
    {
        if (page is < 1 or > 100_000)
        {
            errors["page"] = ["Must be between 1 and 100000."];
        }

        if (pageSize is { } size && (size < 1 || size > maxSize))
        {
            errors["pageSize"] = [$"Must be between 1 and {maxSize}."];
        }

        return errors.ContainsKey("page") || errors.ContainsKey("pageSize") ? null : new PageQuery(page ?? 1, pageSize ?? defaultSize);
    }

    public PagedList<T> ToPage<T>(List<T> fetched) =>
        new(fetched.Count > PageSize ? fetched[..PageSize] : fetched, Page, PageSize, fetched.Count > PageSize);
}
