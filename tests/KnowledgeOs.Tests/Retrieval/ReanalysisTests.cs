using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using Xunit.Abstractions;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// An expert analyzed again after a write from its previous analysis, and the team's corpus updated from the previous
/// corpus, answer exactly as ones built from scratch over generated write sequences (adds, confirmations, solutions,
/// retractions, case reports, profile changes); and the work a one-item write costs does not scale with the expert's items.
/// </summary>
public sealed class ReanalysisTests(ITestOutputHelper output)
{
    private static readonly string[] Words =
        ["retry", "idempotency", "payment", "ledger", "webhook", "latency", "index", "partition", "cache", "queue",
         "ретраи", "платёж", "леджер", "вебхук", "задержка", "индекс", "кэш", "очередь", "limits", "fraud", "rollback", "kubernetes"];

    private static readonly SectionKind[] Sections =
        [SectionKind.Known, SectionKind.Learned, SectionKind.Problem, SectionKind.Practice, SectionKind.BestPractice, SectionKind.Case, SectionKind.Book];

    private static readonly string[] Tasks = ["retry payment webhooks", "кэш очередь задержка", "ledger partition index", "fraud limits rollback"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Over_a_generated_write_sequence_the_updated_analyses_and_corpus_answer_as_ones_built_from_scratch(int seed)
    {
        var random = new Random(seed);
        var experts = Enumerable.Range(0, 3).Select(e => Generated(random, $"gen-{e}", 30)).ToArray();
        var analyzed = experts.Select(e => AnalyzedExpert.Of(e.State, 1)).ToArray();
        var corpus = TeamCorpus.Of(analyzed, null);
        for (var step = 0; step < 40; step++)
        {
            var e = random.Next(experts.Length);
            Write(random, experts[e], step);
            analyzed[e] = AnalyzedExpert.Of(experts[e].State, step + 2, analyzed[e]);
            corpus = TeamCorpus.Of(analyzed, corpus);

            var scratch = TeamCorpus.Of(experts.Select(x => AnalyzedExpert.Of(x.State, step + 2)), null);
            foreach (var expected in scratch.Experts) AssertSameAnalysis(expected, corpus.Find(expected.State.Slug)!);
            Assert.Equal(scratch.ItemCount, corpus.ItemCount);
            Assert.Equal(scratch.AverageLength, corpus.AverageLength);
            Assert.Equal(scratch.Language, corpus.Language);
            foreach (var term in scratch.Experts.SelectMany(x => x.DocumentFrequencies.Keys).Concat(Words).Distinct())
                Assert.Equal(scratch.Idf(term), corpus.Idf(term));
            CorpusAnswers.AssertSame(scratch, corpus, Tasks);
        }
    }

    [Fact]
    public void Analyzing_a_2000_item_expert_again_after_one_added_item_allocates_only_its_item_order_arrays()
    {
        const int Items = 2000;
        var random = new Random(5);
        var expert = Generated(random, "big", Items);
        var team = new[] { expert, Generated(random, "other", 200) };
        var analyzed = team.Select(e => AnalyzedExpert.Of(e.State, 1)).ToArray();
        var corpus = TeamCorpus.Of(analyzed, null);
        // Warm up (JIT) on one write, measure on the next.
        long analysis = 0, update = 0;
        for (var round = 0; round < 2; round++)
        {
            expert.Add(Sections[0], $"circuit breakers around the payment provider {round}", $"task:W-{round}", 400 + round);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var again = AnalyzedExpert.Of(expert.State, 2 + round, analyzed[0]);
            var analyzedAt = GC.GetAllocatedBytesForCurrentThread();
            var updated = TeamCorpus.Of([again, analyzed[1]], corpus);
            var updatedAt = GC.GetAllocatedBytesForCurrentThread();
            (analysis, update) = (analyzedAt - before, updatedAt - analyzedAt);
            (analyzed[0], corpus) = (again, updated);
        }
        output.WriteLine($"analysis after one add: {analysis:N0} B ({analysis / (double)Items:F1} B per item); corpus update: {update:N0} B");
        // What an analysis holds in item order: the items, their lengths, sections and two factor arrays (8 + 4 + 4 + 8 + 8 bytes each) and
        // the sort list (≈ 47 B per item measured), not a dictionary of every item's terms or a copy of every term's counts
        // (329 B per item before). Twice the measured figure, so a runtime's other array growth does not fail it.
        Assert.InRange(analysis, 0, 96L * Items);
        // The corpus sums change by the item's terms, not by a copy of the team's vocabulary.
        Assert.InRange(update, 0, 16_000);
    }

    private static void AssertSameAnalysis(AnalyzedExpert expected, AnalyzedExpert actual)
    {
        Assert.Equal(expected.Items.Select(i => (i.Item.Id, i.Length, i.LastAt)), actual.Items.Select(i => (i.Item.Id, i.Length, i.LastAt)));
        for (var i = 0; i < expected.Items.Count; i++)
            Assert.Equal(expected.Items[i].Frequencies.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Items[i].Frequencies.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.DocumentFrequencies.OrderBy(p => p.Key, StringComparer.Ordinal), actual.DocumentFrequencies.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.GlossaryPairs, actual.GlossaryPairs);
        Assert.Equal(expected.TotalLength, actual.TotalLength);
        Assert.Equal(expected.Newest, actual.Newest);
        Assert.Equal(expected.Level, actual.Level);
        Assert.Equal(expected.LanguageTexts, actual.LanguageTexts);
        Assert.Equal(TeamLanguage.Texts(actual.State), actual.LanguageTexts);
        Assert.Equal(ExpertMetrics.Of(actual.State).Level, actual.Level);
        foreach (var term in expected.DocumentFrequencies.Keys)
            Assert.Equal(expected.Postings.Of(term).ToArray(), actual.Postings.Of(term).ToArray());
    }

    private static RetrievalExpert Generated(Random random, string slug, int items)
    {
        var expert = RetrievalExpert.New(slug, "Backend Developer", "payment");
        for (var i = 0; i < items; i++) expert.Add(Sections[random.Next(Sections.Length)], Text(random) + $" {slug} {i}", $"task:G-{i}", random.Next(300));
        return expert;
    }

    private static string Text(Random random) => string.Join(' ', Enumerable.Range(0, 3 + random.Next(6)).Select(_ => Words[random.Next(Words.Length)]));

    // One write of a kind drawn at random: an add, a confirmation, a solution, a retraction, a case report with its task, a profile change.
    private static void Write(Random random, RetrievalExpert expert, int step)
    {
        var active = expert.State.Items.Values.Where(i => i.IsActive).ToList();
        var some = active[random.Next(active.Count)];
        switch (random.Next(7))
        {
            case 0: expert.Add(Sections[random.Next(Sections.Length)], Text(random) + $" new {step}", $"task:N-{step}", 300 + step); break;
            case 1: expert.Add(some.Section, some.Text, $"task:C-{step}", 300 + step, some.Fields); break;
            case 2:
                var problem = $"problem {Text(random)} {step}";
                expert.Add(SectionKind.Problem, problem, $"task:P-{step}", 300 + step, new Dictionary<string, string> { [ItemFields.Solution] = Text(random) });
                expert.Add(SectionKind.Problem, problem, $"task:Q-{step}", 301 + step, new Dictionary<string, string> { [ItemFields.Solution] = Text(random) + " again" });
                break;
            case 3: expert.Retract(some.Text); break;
            case 4:
                expert.Task($"T-{step}", $"task {Text(random)}", day: 300 + step);
                expert.Add(SectionKind.Case, $"case {Text(random)} {step}", $"task:T-{step}", 300 + step, new Dictionary<string, string> { [ItemFields.Task] = $"T-{step}" });
                break;
            case 5: expert.Change(new ChangeExpert(Role: $"Engineer {Words[random.Next(Words.Length)]}", Tags: [Words[random.Next(Words.Length)]])); break;
            default: expert.Add(some.Section, some.Text, some.Source, 300 + step, some.Fields); break;
        }
    }
}
