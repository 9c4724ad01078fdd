using System.Reflection;
using System.Text.RegularExpressions;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>
/// The one catalog, split by document: every fixed word is given in both languages, the Russian entry has no English
/// word and the English entry no Cyrillic one (the project's own words; data is never in a catalog).
/// </summary>
public sealed partial class CatalogTests
{
    // Words both languages write as they are: UTC (the seed writes it), ids, and the names of formats and languages.
    private static readonly HashSet<string> Universal = ["UTC", "id", "JSON", "Markdown", "JavaScript"];

    public static TheoryData<string, object, object> Catalogs() => new()
    {
        { nameof(RenderLabels), RenderLabels.Ru, RenderLabels.En },
        { nameof(ProgramLabels), ProgramLabels.Ru, ProgramLabels.En },
        { nameof(CliLabels), CliLabels.Ru, CliLabels.En },
        { nameof(DashboardLabels), DashboardLabels.Ru, DashboardLabels.En },
        { nameof(PromptLabels), PromptLabels.Ru, PromptLabels.En },
    };

    [Theory]
    [MemberData(nameof(Catalogs))]
    public void Every_word_of_a_catalog_is_given_in_its_language_only(string catalog, object ru, object en)
    {
        var failures = new List<string>();
        var properties = ru.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType)).ToList();
        Assert.True(properties.Count >= 5, $"{catalog}: only {properties.Count} words found");
        foreach (var p in properties)
        {
            foreach (var (language, value, foreign) in new[] { ("ru", ru, LatinWord()), ("en", en, CyrillicWord()) })
            {
                string[] texts = p.GetValue(value) switch { string s => [s], IEnumerable<string> list => list.ToArray(), _ => [] };
                if (texts.Length == 0 || texts.Any(string.IsNullOrWhiteSpace)) failures.Add($"{catalog}.{p.Name} ({language}) is empty");
                foreach (var t in texts)
                    foreach (Match m in foreign.Matches(Command().Replace(t, "")))
                        if (!Universal.Contains(m.Value)) failures.Add($"{catalog}.{p.Name} ({language}): '{m.Value}' in «{t}»");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void A_catalog_has_one_instance_per_language_built_once_and_each_says_its_language()
    {
        OnePerLanguage(RenderLabels.Ru, RenderLabels.En, RenderLabels.For, c => c.Language);
        OnePerLanguage(ProgramLabels.Ru, ProgramLabels.En, ProgramLabels.For, c => c.Language);
        OnePerLanguage(CliLabels.Ru, CliLabels.En, CliLabels.For, c => c.Language);
        OnePerLanguage(DashboardLabels.Ru, DashboardLabels.En, DashboardLabels.For, c => c.Language);
        OnePerLanguage(PromptLabels.Ru, PromptLabels.En, PromptLabels.For, c => c.Language);
        OnePerLanguage(CycleLabels.Ru, CycleLabels.En, CycleLabels.For, c => c.Language);
        Assert.Same(PromptLabels.En, PromptLabels.For("en"));
        Assert.Same(PromptLabels.Ru, PromptLabels.For("ru"));
        Assert.Equal([ProgramLabels.Ru, ProgramLabels.En], ProgramLabels.All);
    }

    private static void OnePerLanguage<T>(T ru, T en, Func<RenderLanguage, T> of, Func<T, RenderLanguage> language) where T : class
    {
        Assert.Same(ru, of(RenderLanguage.Ru));
        Assert.Same(en, of(RenderLanguage.En));
        Assert.NotSame(ru, en);
        Assert.Equal(RenderLanguage.Ru, language(ru));
        Assert.Equal(RenderLanguage.En, language(en));
    }

    // A command the reader types (kos serve --sample, kos program <slug>) is the same in both languages, and so is a
    // name in a code span (an MCP tool or field an agent sends: `learn_from_report`, `usedItems`).
    [GeneratedRegex(@"kos( --?[a-z]+| <[a-z]+>| [a-z]+)+|`[^`]*`")]
    private static partial Regex Command();

    [GeneratedRegex(@"[A-Za-z]{2,}")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"[А-Яа-яЁё]+")]
    private static partial Regex CyrillicWord();
}
