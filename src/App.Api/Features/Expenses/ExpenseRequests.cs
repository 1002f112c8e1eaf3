using System.ComponentModel.DataAnnotations;
using App.Data;

namespace App.Api.Features.Expenses;

/// <summary>Checked by its attributes before the handler runs (a failure answers 400 with <c>errors</c> by field).</summary>
public sealed record CreateExpenseRequest(
    [property: Required, Range(typeof(decimal), "0.01", CreateExpenseRequest.MaxAmount, ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Required: a positive amount with at most 2 decimals."), DecimalPlaces(2)]
    decimal? Amount,
    [property: Required, RegularExpression(CreateExpenseRequest.CurrencyPattern, ErrorMessage = "Required: an ISO 4217 code of 3 upper-case letters, e.g. EUR.")]
    string? Currency,
    [property: Required, StringLength(CreateExpenseRequest.DescriptionMaxLength)]
    string? Description)
{
    public const int DescriptionMaxLength = TextLimits.Description;

    /// <summary>
    /// An ISO 4217 code: 3 upper-case letters. The OpenAPI document states the same pattern. The attribute matches the
    /// whole value, so "EUR\n" is refused although .NET's <c>$</c> also matches before a final newline.
    /// </summary>
    public const string CurrencyPattern = "^[A-Z]{3}$";

    /// <summary>numeric(18,2): 16 digits before the point.</summary>
    public const string MaxAmount = "9999999999999999.99";
}

public sealed record RejectExpenseRequest(
    [property: Required(ErrorMessage = "Required: the submitter reads it."), StringLength(RejectExpenseRequest.ReasonMaxLength)] string? Reason)
{
    public const int ReasonMaxLength = TextLimits.Description;
}

/// <summary>
/// At most <paramref name="places"/> digits after the point: a numeric(18,2) column would round the rest away
/// without a word. A value whose extra digits are zeros (<c>1.500</c>) passes.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DecimalPlacesAttribute(int places) : ValidationAttribute($"At most {places} decimals.")
{
    public override bool IsValid(object? value) => value is not decimal amount || decimal.Round(amount, places) == amount;
}
