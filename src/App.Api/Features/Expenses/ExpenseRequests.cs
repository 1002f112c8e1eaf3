using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using App.Data;

namespace App.Api.Features.Expenses;

public sealed partial record CreateExpenseRequest([property: Required] decimal? Amount, [property: Required] string? Currency, [property: Required] string? Description)
{
    public const int DescriptionMaxLength = TextLimits.Description;

    /// <summary>An ISO 4217 code: 3 upper-case letters. The OpenAPI document states the same pattern.</summary>
    public const string CurrencyPattern = "^[A-Z]{3}$";

    // numeric(18,2): 16 digits before the point.
    private const decimal MaxAmount = 9_999_999_999_999_999.99m;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Amount is not { } amount || amount <= 0 || amount > MaxAmount || decimal.Round(amount, 2) != amount)
        {
            errors["amount"] = ["Required: a positive amount with at most 2 decimals."];
        }

        // The length check keeps "EUR\n" out: .NET's $ also matches before a final newline.
        if (Currency is not { Length: 3 } || !CurrencyCode().IsMatch(Currency))
        {
            errors["currency"] = ["Required: an ISO 4217 code of 3 upper-case letters, e.g. EUR."];
        }

        if (string.IsNullOrWhiteSpace(Description) || Description.Trim().Length > DescriptionMaxLength)
        {
            errors["description"] = [$"Required, 1 to {DescriptionMaxLength} characters."];
        }

        return errors;
    }

    [GeneratedRegex(CurrencyPattern, RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();
}

public sealed record RejectExpenseRequest([property: Required] string? Reason)
{
    public const int ReasonMaxLength = TextLimits.Description;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Reason) || Reason.Trim().Length > ReasonMaxLength)
        {
            errors["reason"] = [$"Required, 1 to {ReasonMaxLength} characters: the submitter reads it."];
        }

        return errors;
    }
}
