using System.Globalization;
using System.Text.Json;

namespace Auther.Dev.Admin;

/// <summary>Orders user fields as a database would: nulls first, numbers by value, booleans false before true, text ordinally (ISO times sort by time).</summary>
internal sealed class JsonValueComparer : IComparer<JsonElement>
{
    public static readonly JsonValueComparer Instance = new();

    public int Compare(JsonElement x, JsonElement y)
    {
        var (rankX, rankY) = (Rank(x), Rank(y));
        if (rankX != rankY || rankX == 0)
        {
            return rankX.CompareTo(rankY);
        }

        return x.ValueKind switch
        {
            JsonValueKind.Number => x.GetDecimal().CompareTo(y.GetDecimal()),
            JsonValueKind.True or JsonValueKind.False => x.GetBoolean().CompareTo(y.GetBoolean()),
            _ => string.CompareOrdinal(x.GetString(), y.GetString()),
        };
    }

    /// <summary>
    /// A field against a query-string value, read as the field's type. <see cref="int.MinValue"/> means
    /// "not comparable" (a null field, or a value of another type): only <c>ne</c> matches then.
    /// </summary>
    public static int CompareTo(JsonElement field, string value) => field.ValueKind switch
    {
        JsonValueKind.Number when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) =>
            Math.Sign(field.GetDecimal().CompareTo(number)),
        JsonValueKind.True or JsonValueKind.False when bool.TryParse(value, out var flag) => field.GetBoolean().CompareTo(flag),
        JsonValueKind.String => Math.Sign(string.CompareOrdinal(field.GetString(), value)),
        JsonValueKind.Null or JsonValueKind.Undefined when value == "null" => 0,
        _ => int.MinValue,
    };

    private static int Rank(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => 0,
        JsonValueKind.False or JsonValueKind.True => 1,
        JsonValueKind.Number => 2,
        _ => 3,
    };
}
