using KnowledgeOs.Text;

namespace KnowledgeOs.Tests.Domain;

/// <summary>Slugs made from display names.</summary>
public sealed class TransliterationTests
{
    [Theory]
    [InlineData("Иван", "ivan")]
    [InlineData("Юлия", "yuliya")]
    [InlineData("Дмитрий", "dmitriy")]
    [InlineData("Мария", "mariya")]
    [InlineData("Игорь", "igor")]
    [InlineData("Алёна", "alena")]
    [InlineData("Щукин Жорж", "shchukin-zhorzh")]
    [InlineData("Хлеб Цаплин Чижов Шаляпин Эдуард Яна", "khleb-tsaplin-chizhov-shalyapin-eduard-yana")]
    [InlineData("Подъезд", "podezd")]
    [InlineData("Олесь Їжак Євген Ґанок", "oles-yizhak-yevgen-ganok")]
    public void Cyrillic_names_become_ascii_slugs(string name, string slug) => Assert.Equal(slug, Transliteration.Slug(name));

    [Theory]
    [InlineData("Zoë", "zoe")]
    [InlineData("José María", "jose-maria")]
    [InlineData("Risk Manager #2", "risk-manager-2")]
    [InlineData("  --Иван--  ", "ivan")]
    public void Latin_names_lose_accents_and_punctuation(string name, string slug) => Assert.Equal(slug, Transliteration.Slug(name));

    [Fact]
    public void A_breve_letter_is_not_split_into_two()
    {
        // й is и + breve under NFD; it must be "y", not "i".
        Assert.Equal("sergey", Transliteration.Slug("Сергей"));
        Assert.Equal("sergey", Transliteration.Slug("Сергеи\u0306"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("🚀✅")]
    [InlineData("李雷")]
    public void Names_with_nothing_to_transliterate_give_an_empty_slug(string name) => Assert.Equal("", Transliteration.Slug(name));

    [Fact]
    public void Long_names_are_cut_to_64_characters_without_a_trailing_dash()
    {
        var slug = Transliteration.Slug(string.Join(' ', Enumerable.Repeat("Александр", 10)));

        Assert.True(slug.Length <= 64);
        Assert.DoesNotMatch("-$", slug);
        Assert.StartsWith("aleksandr-aleksandr", slug, StringComparison.Ordinal);
    }
}
