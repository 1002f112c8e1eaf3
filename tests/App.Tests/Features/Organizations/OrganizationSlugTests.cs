using App.Api.Features.Organizations;
using App.Tests.Errors;

namespace App.Tests.Features.Organizations;

public sealed class OrganizationSlugTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("acme")]
    [InlineData("acme-2026")]
    [InlineData("-leading-and-trailing-")]
    public void Slug_OfLowercaseLettersDigitsAndHyphens_IsValid(string slug) => OrganizationSlug.IsValid(slug).ShouldBeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("Acme")]
    [InlineData("acme corp")]
    [InlineData("acme_corp")]
    [InlineData("acmé")]
    [InlineData("acme\n")]
    public void Slug_WithAnythingElse_IsInvalid(string? slug) => OrganizationSlug.IsValid(slug).ShouldBeFalse();

    [Fact]
    public void Slug_IsAtMost100Characters()
    {
        OrganizationSlug.IsValid(new string('a', 100)).ShouldBeTrue();
        OrganizationSlug.IsValid(new string('a', 101)).ShouldBeFalse();
    }

    [Fact]
    public void CreateRequest_ReportsEveryBadField()
    {
        var errors = new CreateOrganizationRequest("Bad Slug", "  ").ValidationErrors();

        errors.Keys.ShouldBe(["slug", "name"], ignoreOrder: true);
    }
}
