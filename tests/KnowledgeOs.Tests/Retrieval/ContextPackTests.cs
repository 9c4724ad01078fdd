using FsCheck;
using FsCheck.Fluent;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Retrieval;

public sealed class ContextPackTests
{
    private static RetrievalExpert Backend() => RetrievalExpert.New("dmitriy", "Backend Developer", "api", "postgresql")
        .Add(SectionKind.Known, "Idempotency keys make payment retries safe")
        .Add(SectionKind.Learned, "Retry webhooks with exponential backoff", "task:T-2", 3)
        .Add(SectionKind.Practice, "Quarterly budget planning in a spreadsheet", "task:T-3")
        .Add(SectionKind.Problem, "Double capture on client retry", "task:T-4", fields: new Dictionary<string, string> { [ItemFields.Solution] = "Unique index on the idempotency key" })
        .Add(SectionKind.BestPractice, "Idempotent consumers", "import:dmitriy_knowledge.md",
            fields: new Dictionary<string, string> { [ItemFields.Description] = "Deduplicate retried messages by key", [ItemFields.Origin] = "Enterprise Integration Patterns", [ItemFields.FoundAt] = "2026-02-10" });

    private static ContextPack Pack(TeamCorpus corpus, string task, int budget = ContextPack.DefaultBudget, string[]? experts = null,
        RenderLanguage lang = RenderLanguage.En) =>
        ContextPack.Build(corpus, new ContextPackRequest(task, null, experts, budget, lang));

    [Fact]
    public void The_item_that_matches_the_task_outranks_an_unrelated_one()
    {
        var corpus = RetrievalExpert.Corpus(Backend());
        var pack = Pack(corpus, "Make payment retries idempotent");
        var items = Assert.Single(pack.Experts).Items;
        Assert.Equal("Idempotency keys make payment retries safe", items[0].Text);
        Assert.DoesNotContain(items, i => i.Text.Contains("budget", StringComparison.Ordinal));
        Assert.DoesNotContain("spreadsheet", pack.Markdown, StringComparison.Ordinal);
        // Every item shown matched at least one of the task's words, and they come best first.
        Assert.All(items, i => Assert.NotEmpty(i.Matched));
        Assert.Equal(items.OrderByDescending(i => i.Score).Select(i => i.Id), items.Select(i => i.Id));
    }

    [Theory]
    [InlineData(RenderLanguage.En, "context-pack.en")]
    [InlineData(RenderLanguage.Ru, "context-pack.ru")]
    public void The_pack_renders_as_its_snapshot(RenderLanguage lang, string snapshot)
    {
        var designer = RetrievalExpert.New("sofia", "UI/UX Designer").Add(SectionKind.Known, "Retry buttons need a visible busy state");
        var pack = Pack(RetrievalExpert.Corpus(Backend(), designer), "Idempotent payment retries and webhook backoff", budget: 1500, lang: lang);
        Rendering.SnapshotFile.Match(snapshot, pack.Markdown);
    }

    [Fact]
    public void Known_knowledge_outranks_learned_knowledge_that_matches_as_well()
    {
        var expert = RetrievalExpert.New("a", "Backend Developer")
            .Add(SectionKind.Learned, "Retry with jitter")
            .Add(SectionKind.Known, "Retries need jitter", "task:T-2");
        var pack = Pack(RetrievalExpert.Corpus(expert), "retry jitter");
        Assert.Equal("known", pack.Experts[0].Items[0].Section);
    }

    [Fact]
    public void A_retracted_item_never_appears()
    {
        var expert = Backend().Add(SectionKind.Known, "Retry payments forever without idempotency keys", "task:T-9").Retract("Retry payments forever without idempotency keys");
        var pack = Pack(RetrievalExpert.Corpus(expert), "retry payments idempotency keys forever");
        Assert.DoesNotContain(pack.Experts.SelectMany(e => e.Items), i => i.Text.Contains("forever", StringComparison.Ordinal));
        // The task's own words are in the header; no item line may carry the retracted text.
        Assert.DoesNotContain(pack.Markdown.Split('\n'), l => l.StartsWith("- ", StringComparison.Ordinal) && l.Contains("forever", StringComparison.Ordinal));
        Assert.DoesNotContain(expert.Id("Retry payments forever without idempotency keys"), pack.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_line_carries_its_item_id_source_and_date()
    {
        var pack = Pack(RetrievalExpert.Corpus(Backend()), "retry idempotency webhooks capture");
        var lines = pack.Markdown.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(pack.Included, lines.Count);
        foreach (var item in pack.Experts.SelectMany(e => e.Items))
        {
            var line = Assert.Single(lines, l => l.Contains($"`{item.Id}`", StringComparison.Ordinal));
            Assert.Contains(item.Source, line, StringComparison.Ordinal);
            Assert.Contains(item.LastAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Problems_show_their_solutions_and_best_practices_their_source_and_date()
    {
        var pack = Pack(RetrievalExpert.Corpus(Backend()), "idempotent consumers for double capture");
        Assert.Contains("**Problem:** Double capture on client retry → **Solution:** Unique index on the idempotency key", pack.Markdown, StringComparison.Ordinal);
        Assert.Contains("(Source: Enterprise Integration Patterns; Found: 2026-02-10)", pack.Markdown, StringComparison.Ordinal);
        Assert.Contains("import:dmitriy_knowledge.md", pack.Markdown, StringComparison.Ordinal);
        var ru = Pack(RetrievalExpert.Corpus(Backend()), "idempotent consumers for double capture", lang: RenderLanguage.Ru);
        Assert.Contains("**Проблема:** Double capture", ru.Markdown, StringComparison.Ordinal);
        Assert.Contains("### 🌐 ЛУЧШИЕ ПРАКТИКИ ИЗ ИНТЕРНЕТА", ru.Markdown, StringComparison.Ordinal);
        Assert.Contains("### ⚠️ Problems and solutions", pack.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pack_fits_its_budget_and_counts_what_was_left_out()
    {
        var expert = RetrievalExpert.New("a", "Backend Developer");
        for (var i = 0; i < 40; i++) expert.Add(SectionKind.Learned, $"Retry policy number {i} keeps payments idempotent under load", $"task:T-{i}", i % 20);
        var pack = Pack(RetrievalExpert.Corpus(expert), "retry payments idempotent", budget: 1200);
        Assert.True(pack.Markdown.Length <= 1200, $"{pack.Markdown.Length} characters");
        Assert.InRange(pack.Included, 1, 39);
        Assert.Equal(40 - pack.Included, pack.Omitted);
        Assert.Contains($"_{pack.Omitted} more matching items did not fit the budget._", pack.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_budget_in_range_is_respected()
    {
        var expert = Backend();
        for (var i = 0; i < 30; i++) expert.Add(SectionKind.Known, $"Payment retry rule {i}: {new string('x', i * 7)} keys", $"task:R-{i}", i);
        // Three routed participants, each with an English routing reason: at small budgets the skeleton alone is too big.
        var qa = RetrievalExpert.New("anna", "QA Engineer", "testing").Add(SectionKind.Known, "Retry tests need idempotency keys for every payment");
        var designer = RetrievalExpert.New("sofia", "UI/UX Designer").Add(SectionKind.Known, "Retry buttons need a visible busy state");
        var corpus = RetrievalExpert.Corpus(expert, qa, designer);
        Prop.ForAll(Gen.Choose(ContextPack.MinBudget, 5000).ToArbitrary(), Gen.Elements(RenderLanguage.En, RenderLanguage.Ru).ToArbitrary(), (budget, lang) =>
            Pack(corpus, "payment retry keys idempotency", budget, lang: lang).Markdown.Length <= budget).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_smallest_budget_drops_reasons_and_participants_rather_than_overflow()
    {
        var qa = RetrievalExpert.New("anna", "QA Engineer", "testing").Add(SectionKind.Known, "Retry tests need idempotency keys for every payment");
        var designer = RetrievalExpert.New("sofia", "UI/UX Designer").Add(SectionKind.Known, "Retry buttons need a visible busy state");
        var task = "Payment retry keys and idempotency for the refund and capture flows of the gateway, with webhook backoff";
        var pack = Pack(RetrievalExpert.Corpus(Backend(), qa, designer), task, ContextPack.MinBudget);
        Assert.True(pack.Markdown.Length <= ContextPack.MinBudget, $"{pack.Markdown.Length} characters");
        Assert.InRange(pack.Experts.Count, 1, 2);
        Assert.DoesNotContain("_matched", pack.Markdown, StringComparison.Ordinal);
        var roomy = Pack(RetrievalExpert.Corpus(Backend(), qa, designer), task, 4000);
        Assert.Equal(3, roomy.Experts.Count);
        Assert.Contains("_matched", roomy.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_named_participants_the_pack_takes_the_experts_routing_picks()
    {
        var designer = RetrievalExpert.New("sofia", "UI/UX Designer").Add(SectionKind.Known, "Colour contrast for accessibility");
        var pack = Pack(RetrievalExpert.Corpus(Backend(), designer), "idempotency keys for payment retries");
        Assert.Equal(["dmitriy"], pack.Experts.Select(e => e.Expert));
        Assert.NotNull(pack.Experts[0].Why);

        var named = Pack(RetrievalExpert.Corpus(Backend(), designer), "idempotency keys for payment retries", experts: ["sofia", "dmitriy"]);
        Assert.Equal(["sofia", "dmitriy"], named.Experts.Select(e => e.Expert));
        Assert.Empty(named.Experts[0].Items);
        Assert.Contains("_No item of this expert matches the task's words._", named.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_input_gives_the_same_pack_whatever_the_order_experts_come_in()
    {
        var a = RetrievalExpert.New("anna", "QA Engineer").Add(SectionKind.Known, "Retry tests with idempotency keys");
        var b = RetrievalExpert.New("boris", "QA Engineer").Add(SectionKind.Known, "Retry tests with idempotency keys");
        var one = Pack(TeamCorpus.Of([AnalyzedExpert.Of(a.State), AnalyzedExpert.Of(b.State), AnalyzedExpert.Of(Backend().State)]), "retry idempotency keys");
        var two = Pack(TeamCorpus.Of([AnalyzedExpert.Of(Backend().State), AnalyzedExpert.Of(b.State), AnalyzedExpert.Of(a.State)]), "retry idempotency keys");
        Assert.Equal(one.Markdown, two.Markdown);
    }

    [Theory]
    [InlineData("", 6000, "task")]
    [InlineData("и в на", 6000, "task")]
    [InlineData("retry", 10, "budget")]
    [InlineData("retry", 1_000_000, "budget")]
    public void Bad_input_is_refused_naming_the_field(string task, int budget, string field)
    {
        var ex = Assert.Throws<InputException>(() => Pack(RetrievalExpert.Corpus(Backend()), task, budget));
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void An_unknown_participant_is_not_found()
    {
        var ex = Assert.Throws<NotFoundException>(() => Pack(RetrievalExpert.Corpus(Backend()), "retry", experts: ["ghost"]));
        Assert.Contains("'ghost'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_nothing_matches_gives_a_short_pack_that_says_so()
    {
        var pack = Pack(RetrievalExpert.Corpus(Backend()), "quantum chromodynamics");
        Assert.Empty(pack.Experts);
        Assert.Contains("Nothing in the team's knowledge bases matches", pack.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Russian_word_forms_meet_through_the_analyzer()
    {
        var expert = RetrievalExpert.New("mariya", "Risk Manager").Add(SectionKind.Known, "Лимиты по картам пересматриваются каждую неделю");
        var pack = Pack(RetrievalExpert.Corpus(expert), "Пересмотреть лимит карты", lang: RenderLanguage.Ru);
        Assert.Single(pack.Experts[0].Items);
        Assert.Contains("### ✅ Что уже знаю", pack.Markdown, StringComparison.Ordinal);
        Assert.StartsWith("# 🧭 Контекст для задачи: Пересмотреть лимит карты", pack.Markdown, StringComparison.Ordinal);
    }
}
