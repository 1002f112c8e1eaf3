using App.Api.Features.Expenses;

namespace App.Tests.Features.Expenses;

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
        new CreateExpenseRequest(10m, currency, "Taxi").Validate().ContainsKey("currency").ShouldBeTrue();

    [Fact]
    public void Description_IsRequiredAndAtMost500Characters()
    {
        new CreateExpenseRequest(10m, "EUR", " ").Validate().ContainsKey("description").ShouldBeTrue();
        new CreateExpenseRequest(10m, "EUR", new string('x', 501)).Validate().ContainsKey("description").ShouldBeTrue();
        new CreateExpenseRequest(10m, "EUR", new string('x', 500)).Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Reject_NeedsAReason()
    {
        new RejectExpenseRequest(null).Validate().ContainsKey("reason").ShouldBeTrue();
        new RejectExpenseRequest("Missing receipt").Validate().ShouldBeEmpty();
    }

    private static Dictionary<string, string[]> Valid(decimal amount) => new CreateExpenseRequest(amount, "EUR", "Taxi").Validate();
}
