using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Storage;

/// <summary>Appends built with the real domain (decider and fold), so the store sees what production writes.</summary>
internal static class Domain
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The append that onboards a new expert.</summary>
    public static StreamAppend Onboard(string team, string slug, DateTimeOffset? at = null)
    {
        var events = ExpertDecider.Onboard(null, new OnboardExpert(slug, "Эксперт " + slug, "Backend Developer", "ATRA"), "manual:test", at ?? Start);
        return new StreamAppend(new StreamId(team, slug), ExpectedVersion.NoStream, events, ExpertState.Fold(null, events)!);
    }

    /// <summary>The append that adds an item to an expert whose state and version are given.</summary>
    public static StreamAppend Add(StreamId stream, ExpertState state, long version, string text, string source = "manual:test", DateTimeOffset? at = null)
    {
        var events = ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, text), source, at ?? Start);
        return new StreamAppend(stream, version, events, ExpertState.Fold(state, events)!);
    }

    /// <summary>Onboards and adds <paramref name="items"/> items: several event types, one append.</summary>
    public static StreamAppend OnboardWithItems(string team, string slug, int items)
    {
        var first = Onboard(team, slug);
        var state = first.NewState;
        var events = new List<KnowledgeEvent>(first.Events);
        for (var i = 0; i < items; i++)
        {
            var more = ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, $"Урок {i} про индексы"), "manual:test", Start.AddMinutes(i));
            events.AddRange(more);
            state = ExpertState.Fold(state, more)!;
        }
        return new StreamAppend(first.Stream, ExpectedVersion.NoStream, events, state);
    }

    /// <summary>A native task report with one participant who learned the given things.</summary>
    public static TaskReport Report(string taskId, string slug, params string[] learned) => new(
        taskId, "Task " + taskId, "", Start.AddHours(1), 30,
        [new Participant(new ExpertRef(slug, null, null), Outcome.Success, 1, [], [], learned, [], [], [])],
        ["backend"], false, ReportFormats.Native);
}
