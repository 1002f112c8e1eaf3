namespace App.Api.Paging;

/// <summary>One page of a list; <see cref="HasMore"/> says whether asking for <c>page + 1</c> is worth it.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, bool HasMore);
