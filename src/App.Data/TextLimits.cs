namespace App.Data;

/// <summary>
/// Column lengths shared by the EF model and the API's validation, so a value the API accepts always
/// fits its column (a longer one would fail in PostgreSQL, as a 500, after the work was done).
/// </summary>
public static class TextLimits
{
    /// <summary>Ids that come from elsewhere: Auther user ids, token ids (jti), tuple and message ids.</summary>
    public const int Identifier = 255;

    /// <summary>RFC 5321: a 64-character local part, '@' and a 255-character domain.</summary>
    public const int Email = 320;

    /// <summary>A person's display name (shadow users, audit rows, expense submitters).</summary>
    public const int PersonName = 255;

    /// <summary>What an audit row is about (<c>organization:{id}/member:{userId}</c>): the longest column a query filters on.</summary>
    public const int Subject = 512;

    /// <summary>A free-text field a person writes: an expense description, a rejection reason.</summary>
    public const int Description = 500;
}
