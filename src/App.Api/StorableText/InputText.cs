using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace App.Api.StorableText;

/// <summary>
/// Text PostgreSQL cannot store: NUL (its text types end at a zero byte) and unpaired UTF-16 surrogates
/// (they have no UTF-8 form, so the driver cannot send them). Refused at the edge with a field error, or
/// cleaned where refusing would lock someone out (claims of a valid token).
/// </summary>
public static class InputText
{
    /// <summary>Why <paramref name="value"/> cannot be stored, or null when it can.</summary>
    public static string? Problem(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return "Must not contain the NUL character (U+0000).";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "Must be valid Unicode text (contains an unpaired surrogate).";
            }
        }

        return null;
    }

    /// <summary>
    /// A storable version of <paramref name="value"/>: NUL removed, unpaired surrogates replaced by U+FFFD,
    /// cut to <paramref name="maxLength"/> by <see cref="Cut"/>.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Clean(string? value, int maxLength) =>
        value is null ? null : Cut(Problem(value) is null ? value : Repair(value), maxLength);

    /// <summary>
    /// The one way text is cut to a column's length: the longest run of whole text elements (grapheme clusters, as
    /// <see cref="StringInfo"/> splits them) from the start that fits in <paramref name="maxLength"/> UTF-16 code units.
    /// PostgreSQL's varchar(n) counts code points, never more than UTF-16 units, so the result fits. Never splits a surrogate pair (which PostgreSQL could not store) or a letter from its accents; a single
    /// element longer than the limit is dropped whole.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Cut(string? value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (value is null || value.Length <= maxLength)
        {
            return value;
        }

        var length = 0;
        while (length < value.Length)
        {
            var next = StringInfo.GetNextTextElementLength(value, length);
            if (length + next > maxLength)
            {
                break;
            }

            length += next;
        }

        return value[..length];
    }

    private static string Repair(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }
}
