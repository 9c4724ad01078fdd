using System.Text.Json;
using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>Two corpora that must answer alike: routing's JSON, every expert's matches (exact scores) and the pack, per task.</summary>
internal static class CorpusAnswers
{
    public static void AssertSame(TeamCorpus expected, TeamCorpus actual, IEnumerable<string> tasks)
    {
        foreach (var task in tasks)
        {
            Assert.Equal(Ranked(expected, task), Ranked(actual, task));
            Assert.Equal(Matched(expected, task), Matched(actual, task));
            Assert.Equal(ContextPack.Build(expected, new ContextPackRequest(task)).Markdown, ContextPack.Build(actual, new ContextPackRequest(task)).Markdown);
        }
    }

    private static string Ranked(TeamCorpus corpus, string task) => JsonSerializer.Serialize(ExpertRouting.Rank(corpus, TaskQuery.Parse(null, task)));

    private static List<string> Matched(TeamCorpus corpus, string task)
    {
        var query = corpus.Expand(TaskQuery.Parse(null, task));
        return [.. corpus.Experts.SelectMany(e => corpus.Match(e, query)).Select(m =>
            $"{m.Expert.State.Slug} {m.Item.Item.Id} {m.Relevance:R} {m.Evidence:R} {m.Score:R} [{string.Join(',', m.Terms)}] [{string.Join(',', m.Reasons)}]")];
    }
}
