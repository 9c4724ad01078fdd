using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Tests.Samples;

/// <summary>
/// A team kept in memory through the same domain steps KnowledgeService takes (resolve, decide, fold), without a
/// store: enough to check what the sample story teaches each expert.
/// </summary>
internal sealed class DomainTeam(LearningOptions? options = null)
{
    private readonly LearningOptions _options = options ?? LearningOptions.Default;

    /// <summary>Each expert's state by slug.</summary>
    public Dictionary<string, ExpertState> States { get; } = new(StringComparer.Ordinal);

    /// <summary>Each expert's events in order, as a store would keep them.</summary>
    public Dictionary<string, List<KnowledgeEvent>> Log { get; } = new(StringComparer.Ordinal);

    /// <summary>Loads a team file and onboards every expert in it.</summary>
    public static DomainTeam FromFile(string path, LearningOptions? options = null)
    {
        var team = new DomainTeam(options);
        var file = TeamFile.Parse(System.IO.File.ReadAllText(path), System.IO.Path.GetFileName(path));
        foreach (var c in file.Experts) team.Onboard(c);
        return team;
    }

    /// <summary>Onboards one expert.</summary>
    public IReadOnlyList<KnowledgeEvent> Onboard(OnboardExpert c)
    {
        var events = ExpertDecider.Onboard(States.GetValueOrDefault(c.Slug), c, "manual:samples", new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        Append(c.Slug, events);
        return events;
    }

    /// <summary>Applies a report to every participant; returns the new events per expert.</summary>
    public Dictionary<string, IReadOnlyList<KnowledgeEvent>> Apply(TaskReport report, bool onboardUnknown = false)
    {
        var result = new Dictionary<string, IReadOnlyList<KnowledgeEvent>>(StringComparer.Ordinal);
        var resolved = ParticipantResolver.Resolve(States.Values.ToList(), report, onboardUnknown);
        foreach (var (participant, slug, onboard) in resolved)
        {
            var events = new List<KnowledgeEvent>();
            if (onboard is not null)
            {
                var onboarded = ExpertDecider.Onboard(null, onboard, report.Source, report.CompletedAt);
                Append(slug, onboarded);
                events.AddRange(onboarded);
            }
            var learned = TaskLearning.Decide(States[slug], report, participant, _options);
            Append(slug, learned);
            events.AddRange(learned);
            result[slug] = events;
        }
        return result;
    }

    /// <summary>Parses and applies a report file.</summary>
    public Dictionary<string, IReadOnlyList<KnowledgeEvent>> ApplyFile(string path) =>
        Apply(ReportParser.Parse(System.IO.File.ReadAllText(path), System.IO.Path.GetFileName(path)));

    private void Append(string slug, IReadOnlyList<KnowledgeEvent> events)
    {
        if (events.Count == 0) return;
        States[slug] = ExpertState.Fold(States.GetValueOrDefault(slug), events)!;
        if (!Log.TryGetValue(slug, out var log)) Log[slug] = log = [];
        log.AddRange(events);
    }
}
