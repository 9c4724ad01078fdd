using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Tests.Import;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// The ranking found through each expert's postings equals the exhaustive one (every item scored against every
/// alternative, as <see cref="TeamCorpus.Match"/> was first written; kept here as the reference) to the last bit, on the
/// 22 ATRA bases and on random teams; routing's and the context pack's figures agree with it.
/// </summary>
public sealed class IndexedRankingTests : IAsyncLifetime
{
    private ImportHarness _h = null!;

    public async Task InitializeAsync() => _h = await ImportHarness.OpenAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableFact]
    public async Task Indexed_ranking_equals_the_exhaustive_one_on_the_ATRA_bases()
    {
        var report = await _h.ImportAsync(ImportFiles.Knowledge());
        Assert.All(report.Files, f => Assert.True(f.Ok, f.Error));
        var corpus = await new RetrievalService(new KnowledgeService(_h.Store, _h.Time)).CorpusAsync(ImportHarness.Team, default);
        // Tasks drawn from the bases' own words (so they match, as real tasks do), plus the cross-language ones.
        var words = corpus.Experts.SelectMany(e => e.State.Items.Values).SelectMany(i => i.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length >= 4 && w.All(char.IsLetter)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var tasks = Tasks(words, 40, seed: 3).Concat(
        [
            "Set risk limits for position size and daily loss", "Профилировать и ускорить горячий путь, снизить латентность",
            "Оптимизировать медленные SQL запросы и индексы базы данных", "retry idempotency Kleppmann",
        ]);
        AssertSame(corpus, tasks);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Indexed_ranking_equals_the_exhaustive_one_on_a_random_team(int seed)
    {
        var corpus = RandomTeam(seed);
        AssertSame(corpus, Tasks(Vocabulary, 60, seed));
    }

    private static void AssertSame(TeamCorpus corpus, IEnumerable<string> tasks)
    {
        var compared = 0;
        foreach (var task in tasks)
        {
            var query = corpus.Expand(TaskQuery.Parse(null, task));
            var reference = corpus.Experts.ToDictionary(e => e.State.Slug, e => Exhaustive(corpus, e, query), StringComparer.Ordinal);
            foreach (var expert in corpus.Experts)
            {
                var expected = reference[expert.State.Slug];
                var actual = corpus.Match(expert, query);
                Assert.Equal(expected.Select(Describe), actual.Select(Describe));
                compared += actual.Count;
            }

            foreach (var routed in ExpertRouting.Rank(corpus, query))
            {
                var expected = reference[routed.Expert];
                double knowledge = 0, decay = 1;
                foreach (var m in expected.Take(ExpertRouting.ItemsCounted))
                {
                    knowledge += m.Score * decay;
                    decay *= ExpertRouting.Decay;
                }
                Assert.Equal(Math.Round(knowledge, 3, MidpointRounding.AwayFromZero), routed.Knowledge);
                Assert.Equal(expected.Count, routed.MatchedItems);
                Assert.Equal(expected.GroupBy(m => m.Section).OrderBy(g => g.Key).Select(g => (g.Key.Code(), g.Count())),
                    routed.Sections.Select(s => (s.Key, s.Value)));
                Assert.Equal(expected.SelectMany(m => m.Terms).GroupBy(t => t, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => query.Position(g.Key))
                    .Select(g => query.Word(g.Key)).Distinct(StringComparer.Ordinal), routed.MatchedTerms);
            }

            // The pack's items are the participant's best, in the exhaustive order, with its scores.
            var pack = ContextPack.Build(corpus, new ContextPackRequest(task, Budget: 20_000));
            foreach (var part in pack.Experts)
            {
                var expected = reference[part.Expert];
                Assert.Equal(expected.Count, part.Matched);
                var order = expected.Select(m => m.Item.Item.Id).ToList();
                var ranks = part.Items.Select(i => order.IndexOf(i.Id)).ToList();
                Assert.DoesNotContain(-1, ranks);
                Assert.Equal(ranks.Order(), ranks);
                Assert.All(part.Items, i => Assert.Equal(Math.Round(expected[order.IndexOf(i.Id)].Score, 3, MidpointRounding.AwayFromZero), i.Score));
            }
        }
        Assert.True(compared > 100, $"only {compared} matches compared: the tasks hardly match the team");
    }

    // Everything a match carries, the scores to the last bit.
    private static string Describe(ItemMatch m) =>
        $"{m.Expert.State.Slug}/{m.Item.Item.Id} {BitConverter.DoubleToInt64Bits(m.Relevance):X} {BitConverter.DoubleToInt64Bits(m.Evidence):X} " +
        $"[{string.Join(',', m.Terms)}] [{string.Join(',', m.Reasons.Select(r => $"{r.Word}:{r.Matched}:{r.How}"))}]";

    // The reference: every item of the expert, every alternative of every query word.
    private static List<ItemMatch> Exhaustive(TeamCorpus corpus, AnalyzedExpert expert, TaskQuery query)
    {
        var groups = query.Plan.Groups;
        var scoring = groups.Select(g => g.Alternatives.Select(a => (Alternative: a, Idf: a.Terms.Average(corpus.Idf)))
            .Where(a => a.Idf > 0 && a.Alternative.Terms.All(t => corpus.Idf(t) > 0)).ToArray()).ToArray();
        var matches = new List<ItemMatch>();
        foreach (var item in expert.Items)
        {
            double relevance = 0;
            var matched = new List<string>();
            var reasons = new List<TermMatch>();
            var norm = TeamCorpus.K1 * (1 - TeamCorpus.B + TeamCorpus.B * item.Length / corpus.AverageLength);
            for (var g = 0; g < groups.Count; g++)
            {
                double best = 0;
                QueryAlternative? how = null;
                foreach (var (alternative, idf) in scoring[g])
                {
                    var tf = alternative.Terms.Min(t => item.Frequencies.GetValueOrDefault(t));
                    if (tf == 0) continue;
                    var part = idf * tf * (TeamCorpus.K1 + 1) / (tf + norm);
                    if (part > best) (best, how) = (part, alternative);
                }
                if (how is null) continue;
                relevance += best;
                matched.Add(groups[g].Term);
                reasons.Add(new TermMatch(groups[g].Word, how.Shown, how.How));
            }
            if (matched.Count > 0) matches.Add(new ItemMatch(expert, item, relevance, Evidence.Of(item, corpus.Newest), matched, reasons));
        }
        matches.Sort(TeamCorpus.ByScore);
        return matches;
    }

    private static List<string> Tasks(IReadOnlyList<string> words, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => string.Join(' ', Enumerable.Range(0, 2 + random.Next(6)).Select(_ => words[random.Next(words.Count)])))];
    }

    // Words and phrases the technical glossary pairs across languages, cognates, and a few only one side has.
    private static readonly string[] Vocabulary =
    [
        "retry", "retries", "повторы", "idempotency", "идемпотентность", "latency", "латентность", "hot path", "горячий путь",
        "risk", "limits", "лимиты", "риск", "cache", "кэш", "index", "индексы", "Kleppmann", "Клеппман", "queue", "очередь",
        "deploy", "rollback", "откат", "payment", "ledger", "webhook", "timeout", "таймаут", "schema", "migration", "миграция",
        "уровень", "уровни", "profiling", "профилирование", "database", "база данных", "monitoring", "мониторинг",
    ];

    // Experts with items of 3–12 words (some confirmed by a second task, some retracted, some used by tasks that
    // failed or succeeded, some stating a pair the team glossary learns), tasks on topics, one expert paused.
    private static TeamCorpus RandomTeam(int seed)
    {
        var random = new Random(seed);
        SectionKind[] sections = [SectionKind.Known, SectionKind.Learned, SectionKind.Problem, SectionKind.Practice, SectionKind.BestPractice, SectionKind.Book];
        var experts = new List<RetrievalExpert>();
        for (var e = 0; e < 8; e++)
        {
            var expert = RetrievalExpert.New($"expert-{e}", e % 2 == 0 ? "Backend Developer" : "Risk Manager", Vocabulary[random.Next(Vocabulary.Length)]);
            var texts = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                var text = string.Join(' ', Enumerable.Range(0, 3 + random.Next(10)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]))
                    + (random.Next(10) == 0 ? " Идемпотентность (idempotency)" : "") + $" n{e}x{i}";
                var section = sections[random.Next(sections.Length)];
                expert.Add(section, text, $"task:T-{random.Next(20)}", day: 1 + random.Next(400));
                texts.Add(text);
                if (random.Next(5) == 0) expert.Add(section, text, $"task:T-{20 + random.Next(20)}", day: 2 + random.Next(400));
            }
            expert.Retract(texts[random.Next(texts.Count)]);
            expert.Used(texts[0], "T-90", Outcome.Failure).Used(texts[1], "T-91", Outcome.Success);
            expert.Task($"T-{random.Next(20)}", string.Join(' ', Vocabulary[random.Next(Vocabulary.Length)], "task"));
            if (e == 5) expert.Status(ExpertStatus.Paused);
            experts.Add(expert);
        }
        return RetrievalExpert.Corpus([.. experts]);
    }
}
