using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Tests.Support;
using KnowledgeOs.Text;
using Microsoft.ML.Tokenizers;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>Context-pack budgets in tokens of a real tokenizer (Microsoft.ML.Tokenizers), characters still available.</summary>
public sealed class TokenBudgetTests
{
    private static TeamCorpus Corpus()
    {
        var backend = RetrievalExpert.New("dmitriy", "Backend Developer", "api");
        for (var i = 0; i < 30; i++)
            backend.Add(SectionKind.Learned, $"Правило повтора платежа {i}: ключ идемпотентности хранится вместе с платежом (retry rule {i})", $"task:T-{i}", i % 10);
        var qa = RetrievalExpert.New("anna", "QA Engineer", "testing").Add(SectionKind.Known, "Тесты повтора платежа проверяют ключ идемпотентности");
        return RetrievalExpert.Corpus(backend, qa);
    }

    private static ContextPack Pack(TeamCorpus corpus, int budget, BudgetUnit unit, TokenizerKind tokenizer = TokenizerKind.O200k,
        RenderLanguage lang = RenderLanguage.Ru) =>
        ContextPack.Build(corpus, new ContextPackRequest("Повтор платежа с ключом идемпотентности", null, null, budget, lang, unit, tokenizer));

    [Theory]
    [InlineData(TokenizerKind.O200k, "o200k_base")]
    [InlineData(TokenizerKind.Cl100k, "cl100k_base")]
    public void A_token_budget_is_counted_with_the_named_tokenizer(TokenizerKind kind, string encoding)
    {
        var pack = Pack(Corpus(), 600, BudgetUnit.Tokens, kind);

        var tokens = TiktokenTokenizer.CreateForEncoding(encoding).CountTokens(pack.Markdown);
        Assert.Equal(tokens, pack.Used);
        Assert.True(tokens <= 600, $"{tokens} tokens");
        Assert.Equal($"{(kind == TokenizerKind.O200k ? "o200k" : "cl100k")} tokens", pack.Unit);
        Assert.Contains($"бюджет 600 токенов {(kind == TokenizerKind.O200k ? "o200k" : "cl100k")}", pack.Markdown, StringComparison.Ordinal);
        // Russian text takes several characters per token: the same number as characters holds far fewer items.
        Assert.True(pack.Markdown.Length > 600, $"{pack.Markdown.Length} characters");
        Assert.True(pack.Included > Pack(Corpus(), 600, BudgetUnit.Chars).Included);
    }

    [Fact]
    public void Characters_stay_the_default_unit()
    {
        var pack = ContextPack.Build(Corpus(), new ContextPackRequest("Повтор платежа", Budget: 900));

        Assert.Equal("characters", pack.Unit);
        Assert.Equal(pack.Markdown.Length, pack.Used);
        Assert.True(pack.Used <= 900);
    }

    [Fact]
    public void Any_token_budget_in_range_is_respected()
    {
        var corpus = Corpus();
        Prop.ForAll(Gen.Choose(PackBudget.MinTokens, 2500).ToArbitrary(), Gen.Elements(TokenizerKind.O200k, TokenizerKind.Cl100k).ToArbitrary(),
            Gen.Elements(RenderLanguage.En, RenderLanguage.Ru).ToArbitrary(), (budget, kind, lang) =>
            {
                var pack = Pack(corpus, budget, BudgetUnit.Tokens, kind, lang);
                return pack.Used <= budget && new PackBudget(budget, BudgetUnit.Tokens, kind).Measure(pack.Markdown) == pack.Used;
            }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(100)]
    [InlineData(200_000)]
    public void A_token_budget_out_of_range_names_the_budget_in_tokens(int budget)
    {
        var error = Assert.Throws<InputException>(() => Pack(Corpus(), budget, BudgetUnit.Tokens));

        Assert.Equal("budget", error.Field);
        Assert.Contains("o200k tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_and_tokenizer_options_are_parsed_and_a_tokenizer_alone_means_tokens()
    {
        Assert.Equal((BudgetUnit.Chars, TokenizerKind.O200k), PackBudget.Parse(null, null, "u", "t"));
        Assert.Equal((BudgetUnit.Tokens, TokenizerKind.Cl100k), PackBudget.Parse(null, "cl100k", "u", "t"));
        Assert.Equal((BudgetUnit.Tokens, TokenizerKind.O200k), PackBudget.Parse("tokens", null, "u", "t"));
        Assert.Equal("u", Assert.Throws<InputException>(() => PackBudget.Parse("words", null, "u", "t")).Field);
        Assert.Equal("t", Assert.Throws<InputException>(() => PackBudget.Parse(null, "gpt2", "u", "t")).Field);
    }

    [Fact]
    public async Task Kos_context_takes_a_budget_in_tokens()
    {
        using var dir = new TempFolder();
        string[] common = ["--data", dir.File("kos.db"), "--team", "demo"];
        Assert.Equal(0, (await Kos.RunAsync(["demo", "--samples", Repo.Samples, .. common])).ExitCode);

        var run = await Kos.RunAsync(["context", "--task", "Повтор платежа с ключом идемпотентности", "--budget", "400", "--tokenizer", "cl100k", "--json", .. common]);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("cl100k tokens", json.RootElement.GetProperty("unit").GetString());
        var markdown = json.RootElement.GetProperty("markdown").GetString()!;
        Assert.Equal(TiktokenTokenizer.CreateForEncoding("cl100k_base").CountTokens(markdown), json.RootElement.GetProperty("used").GetInt32());
        Assert.True(json.RootElement.GetProperty("used").GetInt32() <= 400);

        var bad = await Kos.RunAsync(["context", "--task", "retry", "--budget-unit", "words", .. common]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--budget-unit", bad.Error, StringComparison.Ordinal);
    }
}
