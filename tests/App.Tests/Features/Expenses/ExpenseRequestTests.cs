using App.Api.Features.Expenses;
using App.Tests.Errors;

namespace App.Tests.Features.Expenses;

/// <summary>The requests' attributes, read by the same DataAnnotations validator the endpoints' validation runs.</summary>
public sealed class ExpenseRequestTests
{
    [Theory]
    [InlineData("0.01")]
    [InlineData("12.5")]
    [InlineData("1234567.89")]
    public void Amount_PositiveWithAtMostTwoDecimals_IsValid(string amount) =>
        Valid(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ContainsKey("amount").ShouldBeFalse();

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.005")]
    [InlineData("10000000000000000")]
    public void Amount_ZeroNegativeTooPreciseOrTooLarge_IsRefused(string amount) =>
        Valid(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ContainsKey("amount").ShouldBeTrue();

    [Theory]
    [InlineData("eur")]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("EUR\n")]
    [InlineData(null)]
    public void Currency_NotThreeUpperCaseLetters_IsRefused(string? currency) =>
        Errors(new CreateExpenseRequest(10m, currency, "Taxi")).ContainsKey("currency").ShouldBeTrue();

    [Fact]
    public void Description_IsRequiredAndAtMost500Characters()
    {
        Errors(new CreateExpenseRequest(10m, "EUR", " ")).ShouldContainKey("description");
        Errors(new CreateExpenseRequest(10m, "EUR", new string('x', 501))).ShouldContainKey("description");
        Errors(new CreateExpenseRequest(10m, "EUR", new string('x', 500))).ShouldBeEmpty();
    }

    [Fact]
    public void Reject_NeedsAReason()
    {
        Errors(new RejectExpenseRequest(null)).ShouldContainKey("reason");
        Errors(new RejectExpenseRequest("Missing receipt")).ShouldBeEmpty();
    }

    private static Dictionary<string, string[]> Valid(decimal amount) => Errors(new CreateExpenseRequest(amount, "EUR", "Taxi"));

    /// <summary>The fields (as named in JSON) that fail their attributes.</summary>
    private static Dictionary<string, string[]> Errors(object request) => request.ValidationErrors();
}
