using KnowledgeOs.Events;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Experts;

/// <summary>
/// Merging a near-twin (one person onboarded twice) into the expert it duplicates. Pure. The survivor receives the
/// twin's items and confirmations with their own sources and dates (so provenance and identity rules are the usual
/// ones: an item both have becomes a confirmation), its tasks, and its names as aliases; the twin is marked merged
/// and retired, its history kept. Merging again decides nothing.
/// </summary>
public static class ExpertMerge
{
    /// <summary>The events for the twin (<paramref name="from"/>) and the survivor (<paramref name="into"/>).</summary>
    public static (IReadOnlyList<KnowledgeEvent> From, IReadOnlyList<KnowledgeEvent> Into) Decide(ExpertState from, ExpertState into, string source, DateTimeOffset at)
    {
        if (from.Slug == into.Slug) throw InputException.Of($"Cannot merge '{from.Slug}' into itself.", "into", ErrorCodes.MergeIntoItself, from.Slug);
        if (from.MergedInto == into.Slug) return ([], []);
        if (from.MergedInto is { } other) throw new ConflictException($"'{from.Slug}' was already merged into '{other}'.").WithCode(ErrorCodes.ExpertAlreadyMerged, from.Slug, other);
        if (into.MergedInto is { } target) throw new ConflictException($"'{into.Slug}' was itself merged into '{target}'; merge into '{target}' instead.")
                .WithCode(ErrorCodes.MergeTargetMerged, into.Slug, target);

        var events = new List<KnowledgeEvent>();
        var working = into;
        void Apply(IEnumerable<KnowledgeEvent> decided) => working = ExpertState.Keep(working, events, decided);
        Apply([new ExpertMerged { From = from.Slug, Source = source, At = at }]);
        foreach (var name in new[] { from.DisplayName, from.Slug }.Concat(from.Aliases.Select(a => a.Name)))
            Apply(ExpertDecider.AddAlias(working, name, AliasKind.Merge, source, at));
        foreach (var item in from.Items.Values.Where(i => i.IsActive).OrderBy(i => i.Order))
        {
            var fields = new SortedDictionary<string, string>(item.Fields.ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal);
            if (item.Solutions.Count > 0) fields[ItemFields.Solution] = item.Solutions[0];
            Apply(ExpertDecider.Add(working, new AddKnowledge(item.Section, item.Text, fields), item.Source, item.FirstAt));
            foreach (var solution in item.Solutions.Skip(1))
                Apply(ExpertDecider.Add(working, new AddKnowledge(item.Section, item.Text, new Dictionary<string, string> { [ItemFields.Solution] = solution }), item.Source, item.FirstAt));
            foreach (var c in item.Confirmations)
                Apply(ExpertDecider.Add(working, new AddKnowledge(item.Section, item.Text, item.Fields), c.Source, c.At));
        }
        foreach (var t in from.Tasks.Where(t => working.Task(t.TaskId) is null))
        {
            Apply([new TaskCompleted
            {
                TaskId = t.TaskId, Title = t.Title, Outcome = t.Outcome, ErrorsFixed = t.ErrorsFixed, DurationMinutes = t.DurationMinutes,
                Source = t.Source, At = t.At,
            }]);
            if (t.HasTaskKnowledge)
            {
                Apply([new TaskDescribed
                {
                    TaskId = t.TaskId, Description = t.Description, WhatWorked = t.WhatWorked, WhatToImprove = t.WhatToImprove,
                    NewKnowledge = t.NewKnowledge, Measurements = t.Measurements, Source = t.Source, At = t.At,
                }]);
            }
        }
        // The twin's work under way is the survivor's now: its report will name the survivor (the twin's names lead there).
        foreach (var open in from.OpenTasks) Apply(Learning.TaskStarts.Decide(working, open.TaskId, open.Title, open.Source, open.At));
        return ([new ExpertMergedInto { Into = into.Slug, Source = source, At = at }], events);
    }
}
