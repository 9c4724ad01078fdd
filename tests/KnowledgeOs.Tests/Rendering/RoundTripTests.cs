using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>The rendering read back by the documented grammar gives the same items: the contract with the importer.</summary>
public class RoundTripTests
{
    [Theory]
    [InlineData(RenderLanguage.Ru)]
    [InlineData(RenderLanguage.En)]
    public void The_sample_reads_back_to_its_active_items(RenderLanguage language)
    {
        var state = SampleExpert.Build().State;
        AssertReadsBack(state, language);
    }

    [Property(MaxTest = 150)]
    public Property Any_knowledge_base_reads_back_to_its_active_items() =>
        Prop.ForAll(Entries().ToArbitrary(), entries =>
        {
            var state = Build(entries);
            AssertReadsBack(state, RenderLanguage.Ru);
            AssertReadsBack(state, RenderLanguage.En);
        });

    private static void AssertReadsBack(ExpertState state, RenderLanguage language)
    {
        var md = MarkdownRenderer.Render(state, new RenderOptions(language));
        var read = GrammarReader.Read(md, language);
        // Each active item exactly once, with its text and fields (order is checked by the renderer tests); the case's
        // task is provenance and is not rendered.
        Assert.Equal(
            state.Items.Values.Where(i => i.IsActive).Select(i => Describe(i.Section, i.Text, i.Fields.Where(f => f.Key != ItemFields.Task), i.Solutions)).Order(StringComparer.Ordinal),
            read.Select(r => Describe(r.Section, r.Text, r.Fields, r.Solutions)).Order(StringComparer.Ordinal));
        // Identity is what the importer's decisions rely on: every item read back maps to the same item id.
        foreach (var r in read)
        {
            var family = SectionCatalog.Get(r.Section).IdentityFamily;
            Assert.True(state.Items.ContainsKey(Text.TextKey.ItemId(family, ExpertDecider.IdentityText(r.Section, r.Text, r.Fields))),
                $"no item for {r.Section} '{r.Text}'");
        }
    }

    private static string Describe(SectionKind section, string text, IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<string> solutions) =>
        $"{section}|{text}|{string.Join(";", fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value))}|{string.Join(";", solutions)}";

    private sealed record Entry(SectionKind Section, string Text, string? Author, string? Extra, bool Retract);

    private static Gen<Entry[]> Entries()
    {
        var word = Gen.Elements("очередь", "Kafka", "API", "ретраи", "C#", "p99", "5%", "«кавычки»", "(скобки)", "a-b", "x/y", "ёлка", "#тег", "**жир**", "✅готово", "1.", "v2.0");
        var text = word.ArrayOf().Where(a => a.Length is > 0 and < 7).Select(a => string.Join(' ', a));
        var sections = Gen.Elements(SectionCatalog.All.Where(s => s.Kind != SectionKind.Responsibility).Select(s => s.Kind).ToArray());
        var entry =
            from section in sections
            from t in text
            from author in Gen.OneOf(Gen.Constant<string?>(null), text.Select(s => (string?)s))
            from extra in Gen.OneOf(Gen.Constant<string?>(null), text.Select(s => (string?)s))
            from retract in Gen.Elements(false, false, false, true)
            select new Entry(section, t, author, extra, retract);
        return entry.ArrayOf().Where(a => a.Length < 25);
    }

    private static ExpertState Build(Entry[] entries)
    {
        var at = SampleExpert.Start;
        var state = ExpertState.Fold(null, ExpertDecider.Onboard(null, new OnboardExpert("x", "Икс", "Role", "P"), "manual:t", at))!;
        var n = 0;
        foreach (var e in entries)
        {
            var fields = new Dictionary<string, string>();
            switch (e.Section)
            {
                // A book title with " - " and no author is the one ambiguity of the format (documented); give those an author.
                case SectionKind.Book or SectionKind.AdvancedBook when e.Author is not null || e.Text.Contains(" - ", StringComparison.Ordinal):
                    fields[ItemFields.Author] = e.Author ?? "Автор";
                    break;
                case SectionKind.BestPractice when e.Extra is not null:
                    fields[ItemFields.Description] = e.Extra;
                    if (e.Author is not null) fields[ItemFields.FoundAt] = e.Author;
                    break;
                case SectionKind.Problem when e.Extra is not null:
                    fields[ItemFields.Solution] = e.Extra;
                    break;
                // Headings are stored without their # marks, as the importer keeps them.
                case SectionKind.Other when e.Extra?.TrimStart('#').Trim() is { Length: > 0 } heading:
                    fields[ItemFields.Heading] = heading;
                    break;
                case SectionKind.Case:
                    fields[ItemFields.Task] = "T-" + n;
                    break;
            }
            var source = "manual:" + n++;
            try
            {
                state = ExpertState.Fold(state, ExpertDecider.Add(state, new AddKnowledge(e.Section, e.Text, fields), source, at))!;
            }
            catch (InputException)
            {
                continue; // text that cleans to nothing
            }
            if (e.Retract)
            {
                var last = state.Items.Values.MaxBy(i => i.Order)!;
                state = ExpertState.Fold(state, ExpertDecider.Retract(state, last.Id, "test", source, at))!;
            }
        }
        return state;
    }
}
