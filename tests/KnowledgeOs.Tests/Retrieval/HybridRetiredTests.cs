using System.Text.Json;
using KnowledgeOs.Embeddings;
using KnowledgeOs.Events;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// A retired expert takes no tasks (<see cref="ExpertRouting"/>), so its items take no place in the fused list either:
/// the nearest item by vector being a retired expert's must not push the available experts' items down the list
/// (their scores are taken by position) nor show in a pack.
/// </summary>
public sealed class HybridRetiredTests
{
    private const string Task = "retry payment webhooks";

    private static (TeamCorpus Corpus, RetrievalExpert Olga) Team()
    {
        var igor = RetrievalExpert.New("igor", "Backend Developer")
            .Add(SectionKind.Known, "Retry payment webhooks with idempotency keys")
            .Add(SectionKind.Practice, "Payment provider webhooks are signed");
        var olga = RetrievalExpert.New("olga", "Backend Developer")
            .Add(SectionKind.Known, "Exponential backoff with jitter for every outbound call")
            .Status(ExpertStatus.Retired);
        return (RetrievalExpert.Corpus(igor, olga), olga);
    }

    [Fact]
    public void A_retired_experts_nearest_item_takes_no_place_in_the_fused_list_and_the_route_is_the_lexical_one()
    {
        var (corpus, olga) = Team();
        Neighbour[] neighbours = [new(new VectorKey("olga", olga.Id("Exponential backoff with jitter for every outbound call")), 0.99f)];
        var query = corpus.Expand(TaskQuery.Parse(null, Task));

        var hybrid = HybridMatches.Of(corpus, query, neighbours);

        Assert.Equal(Json(ExpertRouting.Rank(corpus, query, 5)), Json(ExpertRouting.Rank(corpus, query, 5, hybrid)));
        Assert.Empty(hybrid?.For(corpus.Find("olga")!) ?? []);
    }

    [Fact]
    public void A_pack_with_a_retired_experts_item_nearest_holds_only_available_experts_items()
    {
        var (corpus, olga) = Team();
        Neighbour[] neighbours = [new(new VectorKey("olga", olga.Id("Exponential backoff with jitter for every outbound call")), 0.99f)];

        var pack = ContextPack.Build(corpus, new ContextPackRequest(Task), neighbours);

        Assert.Equal(ContextPack.Build(corpus, new ContextPackRequest(Task)).Markdown, pack.Markdown);
        Assert.DoesNotContain("jitter", pack.Markdown, StringComparison.Ordinal);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
