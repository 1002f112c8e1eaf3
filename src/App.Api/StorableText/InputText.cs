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
    /// cut to <paramref name="maxLength"/> without splitting a surrogate pair.
    /// </summary>
    public static string? Clean(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        var cleaned = Problem(value) is null ? value : Repair(value);
        if (cleaned.Length <= maxLength)
        {
            return cleaned;
        }

        var cut = char.IsHighSurrogate(cleaned[maxLength - 1]) ? maxLength - 1 : maxLength;
        return cleaned[..cut];
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
