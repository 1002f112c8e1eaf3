using App.Api.StorableText;

namespace App.Tests.StorableText;

/// <summary>
/// Item 10 of the third hostile round: every cut to a column's length goes through <see cref="InputText.Cut"/>,
/// which keeps whole text elements: never more UTF-16 units than the limit, never half a surrogate pair or a
/// letter without its accent.
/// </summary>
public sealed class InputTextCutTests
{
    [Theory]
    [InlineData("hello", 10, "hello")]
    [InlineData("hello", 5, "hello")]
    [InlineData("hello world", 5, "hello")]
    [InlineData("hello", 0, "")]
    public void PlainAscii_IsCutAtTheLimit(string value, int limit, string expected) =>
        InputText.Cut(value, limit).ShouldBe(expected);

    [Fact]
    public void AnEmojiAcrossTheLimit_IsLeftOutWhole()
    {
        var value = new string('a', 254) + "\U0001F600" + "tail";

        var cut = InputText.Cut(value, 255);

        cut.ShouldBe(new string('a', 254));
        InputText.Problem(cut).ShouldBeNull();
    }

    [Fact]
    public void AnEmojiEndingAtTheLimit_IsKept()
    {
        var value = new string('a', 253) + "\U0001F600" + "tail";

        InputText.Cut(value, 255).ShouldBe(new string('a', 253) + "\U0001F600");
    }

    [Fact]
    public void ALetterWithCombiningMarks_IsNeverSeparatedFromThem()
    {
        // "e" + acute + grave: one text element of three UTF-16 units.
        var value = "abc" + "e\u0301\u0300" + "xyz";

        InputText.Cut(value, 4).ShouldBe("abc");
        InputText.Cut(value, 5).ShouldBe("abc");
        InputText.Cut(value, 6).ShouldBe("abce\u0301\u0300");
    }

    [Fact]
    public void AFamilyEmoji_IsOneElement()
    {
        // Man, ZWJ, woman, ZWJ, girl: eight UTF-16 units, one grapheme.
        const string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";

        InputText.Cut("ab" + family, 9).ShouldBe("ab");
        InputText.Cut("ab" + family, 10).ShouldBe("ab" + family);
    }

    [Fact]
    public void NullStaysNull_AndTheResultNeverExceedsTheLimit()
    {
        InputText.Cut(null, 5).ShouldBeNull();
        var mixed = string.Concat(Enumerable.Repeat("a\U0001F600e\u0301", 100));
        for (var limit = 0; limit <= mixed.Length; limit++)
        {
            var cut = InputText.Cut(mixed, limit);
            cut.Length.ShouldBeLessThanOrEqualTo(limit);
            mixed.ShouldStartWith(cut);
            InputText.Problem(cut).ShouldBeNull();
            cut.ShouldNotEndWith("e");
        }
    }

    [Fact]
    public void Clean_CutsThroughTheSameHelper() =>
        InputText.Clean("x\0" + new string('a', 253) + "\U0001F600", 255).ShouldBe("x" + new string('a', 253));
}
