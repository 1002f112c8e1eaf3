namespace App.Api.Paging;

/// <summary>
/// <c>page</c> (from 1) and <c>pageSize</c> query parameters; each list checks them with
/// <c>[Range(1, PageQuery.MaxPage)]</c> and <c>[Range(1, PageQuery.MaxPageSize)]</c> (or its own maximum).
/// A page is fetched with one extra row to tell whether another follows, so no count query is needed.
/// </summary>
public sealed record PageQuery(int Page, int PageSize)
{
    /// <summary>The OpenAPI description of every list's <c>page</c> parameter.</summary>
    public const string PageDescription = "The page to return, from 1 (default 1); ask for the next while `hasMore` is true.";

    /// <summary>The OpenAPI description of every list's <c>pageSize</c> parameter.</summary>
    public const string PageSizeDescription = "Items per page, 1 to 100 (default 20).";

    public int Skip => (Page - 1) * PageSize;

    /// <summary>Rows to fetch: one more than the page holds.</summary>
    public int Take => PageSize + 1;

    public const int MaxPage = 100_000;
    public const int MaxPageSize = 100;

    /// <summary>The query for validated <paramref name="page"/> and <paramref name="pageSize"/>, defaults where left out.</summary>
    public static PageQuery Of(int? page, int? pageSize, int defaultSize = 20) => new(page ?? 1, pageSize ?? defaultSize);

    public PagedList<T> ToPage<T>(List<T> fetched) =>
        new(fetched.Count > PageSize ? fetched[..PageSize] : fetched, Page, PageSize, fetched.Count > PageSize);
}
