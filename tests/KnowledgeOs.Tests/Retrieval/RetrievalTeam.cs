using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>Builds experts for retrieval tests through the real decider and fold (no hand-made states).</summary>
internal sealed class RetrievalExpert
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private RetrievalExpert(ExpertState state) => State = state;

    public ExpertState State { get; private set; }

    /// <summary>An expert starting from a state already built (writes to it leave the original untouched: states are immutable).</summary>
    public static RetrievalExpert Of(ExpertState state) => new(state);

    public static RetrievalExpert New(string slug, string role, params string[] tags) =>
        new(ExpertState.Fold(null, ExpertDecider.Onboard(null, new OnboardExpert(slug, slug.ToUpperInvariant(), role, "Orbit", Tags: tags), "manual:test", Start))!);

    /// <summary>Adds an item (a confirmation when it exists) from a source, on a day after the start.</summary>
    public RetrievalExpert Add(SectionKind section, string text, string source = "task:T-1", int day = 1, IReadOnlyDictionary<string, string>? fields = null)
    {
        State = ExpertState.Fold(State, ExpertDecider.Add(State, new AddKnowledge(section, text, fields), source, Start.AddDays(day)))!;
        return this;
    }

    /// <summary>Records a task the expert took part in.</summary>
    public RetrievalExpert Task(string id, string title, Outcome outcome = Outcome.Success, int day = 1)
    {
        State = ExpertState.Evolve(State, new TaskCompleted { TaskId = id, Title = title, Outcome = outcome, Source = "task:" + id, At = Start.AddDays(day) });
        return this;
    }

    /// <summary>Records that a task used the item with this text, and how the task went.</summary>
    public RetrievalExpert Used(string text, string taskId, Outcome outcome, int day = 5)
    {
        State = ExpertState.Evolve(State, new ItemUsed { ItemId = Id(text), TaskId = taskId, Outcome = outcome, Source = "task:" + taskId, At = Start.AddDays(day) });
        return this;
    }

    /// <summary>Retracts the item with this text.</summary>
    public RetrievalExpert Retract(string text)
    {
        var item = State.Items.Values.Single(i => i.Text == text);
        State = ExpertState.Fold(State, ExpertDecider.Retract(State, item.Id, "wrong", "manual:test", Start.AddDays(30)))!;
        return this;
    }

    /// <summary>Changes the status.</summary>
    public RetrievalExpert Status(ExpertStatus status)
    {
        State = ExpertState.Fold(State, ExpertDecider.Change(State, new ChangeExpert(Status: status), "manual:test", Start.AddDays(2)))!;
        return this;
    }

    /// <summary>Changes the profile.</summary>
    public RetrievalExpert Change(ChangeExpert change)
    {
        State = ExpertState.Fold(State, ExpertDecider.Change(State, change, "manual:test", Start.AddDays(2)))!;
        return this;
    }

    /// <summary>The id of the item with this text.</summary>
    public string Id(string text) => State.Items.Values.Single(i => i.Text == text).Id;

    public static TeamCorpus Corpus(params RetrievalExpert[] experts) => TeamCorpus.Of(experts.Select(e => AnalyzedExpert.Of(e.State)));
}
