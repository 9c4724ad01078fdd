using System.Text.Json;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Search;

/// <summary><c>kos search</c> through the real command tree on the sample team that <c>kos demo</c> loads.</summary>
public sealed class SearchCliTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private Task<KosRun> Kos(params string[] args) => Support.Kos.RunAsync([.. args, "--data", _dir.File("kos.db"), "--team", "demo"]);

    public void Dispose() => _dir.Dispose();

    private async Task DemoAsync()
    {
        Assert.Equal(0, (await Kos("demo", "--samples", Repo.Samples)).ExitCode);
    }

    [Fact]
    public async Task Search_finds_the_demo_teams_knowledge_in_other_word_forms_as_a_table_and_as_JSON()
    {
        await DemoAsync();

        var table = await Kos("search", "повтор ключа идемпотентности");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("dmitriy", table.Out, StringComparison.Ordinal);
        Assert.Contains("эксперт", table.Out, StringComparison.Ordinal); // the demo team is Russian: so are the headings

        var json = await Kos("search", "уникальные индексы", "--json", "--expert", "dmitriy");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        var hits = doc.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal("dmitriy", h.GetProperty("expert").GetString()));
        Assert.Contains(hits, h => h.GetProperty("text").GetString()!.Contains("Уникальный индекс", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Filters_narrow_the_hits_and_nothing_found_says_so()
    {
        await DemoAsync();

        var problems = await Kos("search", "таймаута", "--section", "problem", "--json");
        Assert.Equal(0, problems.ExitCode);
        using var doc = JsonDocument.Parse(problems.Out);
        Assert.All(doc.RootElement.EnumerateArray(), h => Assert.Equal("problem", h.GetProperty("section").GetString()));
        Assert.NotEmpty(doc.RootElement.EnumerateArray());

        var none = await Kos("search", "квантовый блокчейн");
        Assert.Equal(0, none.ExitCode);
        Assert.Contains("В команде «demo» ничего не нашлось по запросу «квантовый блокчейн».", none.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("и the", "q")]
    [InlineData("ретраи --section nonsense", "section")]
    [InlineData("ретраи --limit 0", "limit")]
    public async Task Bad_search_input_exits_2_naming_what_is_wrong(string args, string field)
    {
        await DemoAsync();
        var parts = args.StartsWith("и the", StringComparison.Ordinal) ? ["search", "и the"] : args.Split(' ').Prepend("search").ToArray();

        var run = await Kos(parts);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(field, run.Error + run.Out, StringComparison.Ordinal);
    }
}
