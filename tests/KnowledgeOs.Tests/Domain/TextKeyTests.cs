using KnowledgeOs.Tests.Support;
using KnowledgeOs.Text;

namespace KnowledgeOs.Tests.Domain;

/// <summary>Identity of text: spelling variants of one piece of knowledge are one key.</summary>
public sealed class TextKeyTests
{
    [Theory]
    [InlineData("Ключ идемпотентности", "ключ идемпотентности")]          // case
    [InlineData("КЛЮЧ ИДЕМПОТЕНТНОСТИ", "ключ идемпотентности")]
    [InlineData("  ключ \t идемпотентности\n", "ключ идемпотентности")]      // whitespace collapsed and trimmed
    [InlineData("✅ ключ идемпотентности", "ключ идемпотентности")]          // emoji
    [InlineData("🚀ключ идемпотентности 🔥", "ключ идемпотентности")]
    [InlineData("⚠️ ключ идемпотентности", "ключ идемпотентности")]         // emoji with a variation selector
    [InlineData("- ключ идемпотентности", "ключ идемпотентности")]           // bullets
    [InlineData("• ключ идемпотентности", "ключ идемпотентности")]
    [InlineData("* ключ идемпотентности", "ключ идемпотентности")]
    [InlineData("3. ключ идемпотентности", "ключ идемпотентности")]          // numbered list
    [InlineData("**ключ** идемпотентности", "ключ идемпотентности")]         // markdown emphasis
    [InlineData("`ключ` _идемпотентности_", "ключ идемпотентности")]
    [InlineData("### ключ идемпотентности", "ключ идемпотентности")]         // heading marks
    [InlineData("> ключ идемпотентности", "ключ идемпотентности")]           // quote marks
    [InlineData("«ключ идемпотентности».", "ключ идемпотентности")]          // surrounding punctuation
    [InlineData("ключ идемпотентности!", "ключ идемпотентности")]
    [InlineData("Ёлка и её счёт", "елка и ее счет")]                          // ё folds to е
    [InlineData("ПЛАТЁЖ", "платеж")]
    public void Variants_of_one_text_have_the_same_key(string text, string key) => Assert.Equal(key, TextKey.Of(text));

    [Fact]
    public void Compatibility_forms_are_folded_by_NFKC()
    {
        Assert.Equal("api", TextKey.Of("ＡＰＩ"));                  // full-width letters
        Assert.Equal("file", TextKey.Of("ﬁle"));                   // the fi ligature
        Assert.Equal("п2", TextKey.Of("п²"));                      // superscript two
        Assert.Equal(TextKey.Of("платёж"), TextKey.Of("плате\u0308ж"));  // е + combining diaeresis composes to ё, then folds
    }

    [Fact]
    public void Invisible_format_characters_do_not_split_a_key()
    {
        Assert.Equal("ключ", TextKey.Of("\uFEFFкл\u200Bюч"));
    }

    [Theory]
    [InlineData("3.14 — число пи")]
    [InlineData("2026 год")]
    [InlineData("p95 < 200 мс")]
    public void Numbers_that_are_not_list_marks_stay(string text) => Assert.StartsWith(text[..2].ToLowerInvariant(), TextKey.Of(text), StringComparison.Ordinal);

    [Fact]
    public void Inner_punctuation_is_kept_because_it_can_change_meaning()
    {
        Assert.NotEqual(TextKey.Of("ключ, а не индекс"), TextKey.Of("ключ а не индекс"));
        Assert.Equal("ключ — часть api", TextKey.Of("Ключ — часть API."));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("✅ 🚀")]
    [InlineData("- **")]
    public void Nothing_but_marks_is_an_empty_key(string? text) => Assert.Equal("", TextKey.Of(text));

    [Fact]
    public void Item_ids_depend_on_family_and_key_only()
    {
        var id = TextKey.ItemId("knowledge", TextKey.Of("✅ Ключ идемпотентности."));

        Assert.Equal(id, TextKey.ItemId("knowledge", TextKey.Of("ключ идемпотентности")));
        Assert.NotEqual(id, TextKey.ItemId("problem", TextKey.Of("ключ идемпотентности")));
        Assert.Matches("^knowledge-[0-9a-f]{12}$", id);
    }

    [Theory]
    [InlineData("- Ключ   идемпотентности ", "Ключ идемпотентности")]
    [InlineData("**Ключ идемпотентности**", "Ключ идемпотентности")]
    [InlineData("• ✅ Ключ", "✅ Ключ")]
    [InlineData("**Ключ** и **индекс**", "**Ключ** и **индекс**")]
    public void Clean_keeps_the_text_as_written_minus_bullets_and_outer_bold(string text, string clean) =>
        Assert.Equal(clean, TextKey.Clean(text));

    [Fact]
    public void A_longer_key_costs_its_own_string_not_one_string_per_letter()
    {
        // Every fact, practice and problem of a report is keyed on the POST path (issue 16: its GC pauses). A key 36
        // letters longer allocates the builder and the key 36 letters longer (2 bytes a letter each), not also a
        // 1-letter string per letter (24 bytes each; 28 bytes a letter in all before).
        var shortKey = Allocated("Ab");
        var longKey = Allocated("Ab" + new string('Z', 36));
        Assert.InRange((longKey - shortKey) / 36.0, 0, 12);
    }

    private static long Allocated(string text)
    {
        var (key, allocated) = ThreadAllocation.Of(() => TextKey.Of(text));
        Assert.Equal(text.ToLowerInvariant(), key);
        return allocated;
    }
}
