using KnowledgeOs.Events;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Retrieval;

public sealed class ExpertRoutingTests
{
    private static IReadOnlyList<RoutedExpert> Route(TeamCorpus corpus, string task) => ExpertRouting.Rank(corpus, TaskQuery.Parse(null, task));

    private static RetrievalExpert Backend() => RetrievalExpert.New("dmitriy", "Backend Developer", "dotnet")
        .Add(SectionKind.Known, "Retry with exponential backoff and jitter")
        .Add(SectionKind.Known, "Idempotency keys make retries safe", "task:T-2")
        .Add(SectionKind.Learned, "Outbox pattern for events", "task:T-3");

    private static RetrievalExpert Designer() => RetrievalExpert.New("sofia", "UI/UX Designer", "figma")
        .Add(SectionKind.Known, "Colour contrast for accessibility")
        .Add(SectionKind.Known, "Design tokens keep themes consistent");

    [Fact]
    public void Routing_picks_the_expert_whose_known_practices_match_and_says_which_words()
    {
        var routed = Route(RetrievalExpert.Corpus(Designer(), Backend()), "Add retry and idempotency to the payments client");
        var first = routed[0];
        Assert.Equal("dmitriy", first.Expert);
        Assert.DoesNotContain(routed, r => r.Expert == "sofia");
        Assert.Contains("matched retry, idempotency in 2 items (2 known)", first.Why, StringComparison.Ordinal);
        Assert.EndsWith("level 1", first.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_experts_rank_by_slug()
    {
        var b = RetrievalExpert.New("boris", "Backend Developer").Add(SectionKind.Known, "Retry with backoff");
        var a = RetrievalExpert.New("anna", "Backend Developer").Add(SectionKind.Known, "Retry with backoff");
        var routed = Route(RetrievalExpert.Corpus(b, a), "retry");
        Assert.Equal(["anna", "boris"], routed.Select(r => r.Expert));
        Assert.Equal(routed[0].Score, routed[1].Score);
        Assert.Equal([1, 2], routed.Select(r => r.Rank));
    }

    [Fact]
    public void The_role_counts_when_no_item_matches()
    {
        var risk = RetrievalExpert.New("mariya", "Risk Manager", "limits");
        var routed = Route(RetrievalExpert.Corpus(risk, Designer(), Backend()), "Review risk limits");
        var only = Assert.Single(routed);
        Assert.Equal("mariya", only.Expert);
        Assert.Contains("role/tags/duties: risk, limits", only.Why, StringComparison.Ordinal);
        Assert.Equal(0, only.Knowledge);
    }

    [Fact]
    public void Successful_tasks_on_the_topic_raise_the_rank_and_are_explained()
    {
        var a = RetrievalExpert.New("anna", "Backend Developer").Add(SectionKind.Known, "Retry with backoff");
        var b = RetrievalExpert.New("boris", "Backend Developer").Add(SectionKind.Known, "Retry with backoff")
            .Task("T-7", "Retry storms in the gateway").Task("T-8", "Retry budget for webhooks").Task("T-9", "Retry tests", Outcome.Failure);
        var routed = Route(RetrievalExpert.Corpus(a, b), "retry");
        Assert.Equal("boris", routed[0].Expert);
        Assert.Equal(2, routed[0].SuccessfulTasks);
        Assert.Contains("2 successful tasks on it", routed[0].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expert_who_failed_similar_tasks_ranks_below_an_equal_who_succeeded_and_the_reason_gives_the_rate()
    {
        var failing = RetrievalExpert.New("anna", "Backend Developer").Add(SectionKind.Known, "Retry with backoff");
        var succeeding = RetrievalExpert.New("boris", "Backend Developer").Add(SectionKind.Known, "Retry with backoff");
        for (var i = 0; i < 5; i++)
        {
            failing.Task($"F-{i}", $"Retry storm {i}", Outcome.Failure);
            succeeding.Task($"S-{i}", $"Retry storm {i}");
        }
        var idle = RetrievalExpert.New("vera", "Backend Developer").Add(SectionKind.Known, "Retry with backoff");

        var routed = Route(RetrievalExpert.Corpus(failing, succeeding, idle), "retry");

        Assert.Equal(["boris", "vera", "anna"], routed.Select(r => r.Expert));
        var anna = routed[2];
        Assert.Equal((5, 0, 5, 0), (anna.SimilarTasks, anna.SimilarSuccesses, anna.SimilarFailures, anna.SimilarPartials));
        Assert.Equal(Math.Round(1.0 / 7, 3), anna.SuccessRate);
        Assert.Contains("0 successful tasks on it, 5 failed (success rate 0.14)", anna.Why, StringComparison.Ordinal);
        Assert.Contains("успешных задач по теме: 0, неудачных: 5 (доля успеха 0.14)", KnowledgeOs.Rendering.CliLabels.For(KnowledgeOs.Rendering.RenderLanguage.Ru).RouteWhy(anna), StringComparison.Ordinal);
        Assert.Equal((0, 0.5, 1.0), (routed[1].SimilarTasks, routed[1].SuccessRate, routed[1].SuccessFactor));
    }

    [Fact]
    public void Each_failure_on_the_topic_lowers_the_score_and_each_success_raises_it()
    {
        double Score(int successes, int failures)
        {
            var e = RetrievalExpert.New("anna", "Backend Developer").Add(SectionKind.Known, "Retry with backoff");
            for (var i = 0; i < successes; i++) e.Task($"S-{i}", "Retry budget");
            for (var i = 0; i < failures; i++) e.Task($"F-{i}", "Retry budget", Outcome.Failure);
            return Route(RetrievalExpert.Corpus(e), "retry")[0].Score;
        }

        Assert.True(Score(1, 1) < Score(1, 0));
        Assert.True(Score(1, 2) < Score(1, 1));
        Assert.True(Score(2, 1) > Score(1, 1));
        Assert.True(Score(0, 1) < Score(0, 0));
    }

    [Fact]
    public void Retired_experts_are_not_routed_to_and_paused_ones_rank_lower()
    {
        var retired = RetrievalExpert.New("anna", "Backend Developer").Add(SectionKind.Known, "Retry with backoff").Status(ExpertStatus.Retired);
        var paused = RetrievalExpert.New("boris", "Backend Developer").Add(SectionKind.Known, "Retry with backoff").Status(ExpertStatus.Paused);
        var active = RetrievalExpert.New("vera", "Backend Developer").Add(SectionKind.Known, "Retry with backoff");
        var routed = Route(RetrievalExpert.Corpus(retired, paused, active), "retry");
        Assert.Equal(["vera", "boris"], routed.Select(r => r.Expert));
        Assert.EndsWith("paused", routed[1].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void The_explanation_uses_the_words_the_task_wrote()
    {
        var routed = Route(RetrievalExpert.Corpus(Backend()), "Retries, IDEMPOTENCY!");
        Assert.StartsWith("matched retries, idempotency", routed[0].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Routing_twice_gives_the_same_answer()
    {
        var corpus = RetrievalExpert.Corpus(Backend(), Designer(), RetrievalExpert.New("anna", "QA Engineer").Add(SectionKind.Known, "Retry tests"));
        Assert.Equal(Route(corpus, "retry idempotency design"), Route(corpus, "retry idempotency design"), new RoutedComparer());
    }

    private sealed class RoutedComparer : IEqualityComparer<RoutedExpert>
    {
        public bool Equals(RoutedExpert? x, RoutedExpert? y) => x?.Expert == y?.Expert && x?.Score == y?.Score && x?.Why == y?.Why && x?.Rank == y?.Rank;
        public int GetHashCode(RoutedExpert obj) => obj.Expert.GetHashCode(StringComparison.Ordinal);
    }
}
