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

    /// <summary>
    /// Like <see cref="Add"/>, but the recorded text is replaced after the decider ran: the domain refuses a NUL
    /// itself, so this is how a test reaches the store's own refusal (its last line of defence).
    /// </summary>
    public static StreamAppend AddUnchecked(StreamId stream, ExpertState state, long version, string text)
    {
        var events = ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, "placeholder"), "manual:test", Start)
            .Select(e => e is KnowledgeRecorded recorded ? recorded with { Text = text } : e).ToList();
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

    /// <summary>An expert whose history uses every kind of change: fields, solutions, confirmations, retraction, profile.</summary>
    public static StreamAppend Rich(string team, string slug)
    {
        var first = Onboard(team, slug);
        var state = first.NewState;
        var events = new List<KnowledgeEvent>(first.Events);
        void Do(IReadOnlyList<KnowledgeEvent> more)
        {
            events.AddRange(more);
            state = ExpertState.Fold(state, more)!;
        }
        Do(ExpertDecider.Add(state, new AddKnowledge(SectionKind.Problem, "Двойные списания при повторе",
            new Dictionary<string, string> { [ItemFields.Solution] = "Уникальный индекс на ключ" }), "task:T-1", Start.AddDays(1)));
        Do(ExpertDecider.Add(state, new AddKnowledge(SectionKind.Problem, "Двойные списания при повторе",
            new Dictionary<string, string> { [ItemFields.Solution] = "Возврат первого ответа" }), "task:T-2", Start.AddDays(2)));
        Do(ExpertDecider.Add(state, new AddKnowledge(SectionKind.BestPractice, "Outbox pattern",
            new Dictionary<string, string> { [ItemFields.Description] = "Events in the same transaction", [ItemFields.Category] = "Архитектура", [ItemFields.FoundAt] = "2025-10-22" }),
            "feed:https://example.org/outbox", Start.AddDays(3)));
        Do(ExpertDecider.Add(state, new AddKnowledge(SectionKind.Book, "Designing Data-Intensive Applications",
            new Dictionary<string, string> { [ItemFields.Author] = "Martin Kleppmann" }), "import:Igor.md", Start.AddDays(4)));
        // Sources that sort differently by culture (anna < Igor) than ordinally (Igor < anna).
        Do(ExpertDecider.Confirm(state, state.Active(SectionKind.Book).Single().Id, "import:anna.md", Start.AddDays(4)));
        Do(ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, "Временное знание"), "manual:test", Start.AddDays(5)));
        Do(ExpertDecider.Retract(state, state.Active(SectionKind.Learned).Single().Id, "ошибка", "manual:test", Start.AddDays(6)));
        Do(ExpertDecider.Change(state, new ChangeExpert(Role: "Staff Engineer", Tags: ["python", "postgres"]), "manual:test", Start.AddDays(7)));
        return new StreamAppend(first.Stream, ExpectedVersion.NoStream, events, state);
    }

    /// <summary>A native task report with one participant who learned the given things.</summary>
    public static TaskReport Report(string taskId, string slug, params string[] learned) => new(
        taskId, "Task " + taskId, "", Start.AddHours(1), 30,
        [new Participant(new ExpertRef(slug, null, null), Outcome.Success, 1, [], [], learned, [], [], [])],
        ["backend"], false, ReportFormats.Native);
}
