using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Import;

/// <summary>What importing one document decides: the events, and the counts the report shows.</summary>
public sealed record ImportDecision
{
    /// <summary>Events to append to the expert's stream, in order (none when everything is already there).</summary>
    public required IReadOnlyList<KnowledgeEvent> Events { get; init; }
    /// <summary>True when the expert is new and the first event onboards it.</summary>
    public bool Onboarded { get; init; }
    /// <summary>Profile fields filled in on an existing expert (only fields it had empty).</summary>
    public IReadOnlyList<string> ProfileFilled { get; init; } = [];
    /// <summary>New items per section.</summary>
    public IReadOnlyDictionary<SectionKind, int> Recorded { get; init; } = new Dictionary<SectionKind, int>();
    /// <summary>Existing items (from another source) confirmed by this document, per section.</summary>
    public IReadOnlyDictionary<SectionKind, int> Confirmed { get; init; } = new Dictionary<SectionKind, int>();
    /// <summary>Repeats inside the document dropped (the same item written again), per section.</summary>
    public IReadOnlyDictionary<SectionKind, int> Duplicates { get; init; } = new Dictionary<SectionKind, int>();
    /// <summary>Items already recorded from this same file name by an earlier import.</summary>
    public int AlreadyPresent { get; init; }
    /// <summary>Claimed numbers recorded.</summary>
    public int ClaimsRecorded { get; init; }
    /// <summary>Claimed numbers dropped as repeats (in the document or already imported from it).</summary>
    public int ClaimsDropped { get; init; }
    /// <summary>True when a learning program was recorded (or replaced).</summary>
    public bool ProgramRecorded { get; init; }
    /// <summary>Items that look like another item: listed, not merged.</summary>
    public IReadOnlyList<NearDuplicate> Suggestions { get; init; } = [];
    /// <summary>Items the domain refused (too long, empty), with their lines.</summary>
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];

    /// <summary>Repeats dropped in all sections.</summary>
    public int DuplicatesDropped => Duplicates.Values.Sum();
}

/// <summary>
/// Turns a parsed document into events for one expert with the domain's own decisions (<see cref="ExpertDecider.Onboard"/>,
/// <see cref="ExpertDecider.Add"/>), so identity, normalization and dedupe are the same as for every other source:
/// the same item twice is one item. Pure.
/// </summary>
public static class ImportDecider
{
    /// <summary>Decides a knowledge base document for the expert <paramref name="slug"/> (new when <paramref name="state"/> is null).</summary>
    public static ImportDecision Decide(ExpertState? state, string slug, KnowledgeDocument doc, DateTimeOffset fallbackAt)
    {
        var source = doc.Source;
        var at = doc.Expert.Created ?? fallbackAt;
        var events = new List<KnowledgeEvent>();
        var working = state;
        void Apply(IEnumerable<KnowledgeEvent> decided) => working = ExpertState.Keep(working, events, decided);

        var h = doc.Expert;
        var filled = new List<string>();
        if (state is null)
        {
            Apply(ExpertDecider.Onboard(null, new OnboardExpert(slug, h.DisplayName, h.Role, h.Project, h.Priority ?? 3, h.Status,
                h.Responsibility, h.Duties, h.Tags), source, at));
        }
        else
        {
            // An existing expert keeps what it has; the document only fills what is empty.
            var change = new ChangeExpert(
                Project: state.Project.Length == 0 && h.Project.Length > 0 ? h.Project : null,
                Responsibility: state.Responsibility.Length == 0 && h.Responsibility.Length > 0 ? h.Responsibility : null,
                Duties: state.Duties.IsEmpty && h.Duties.Count > 0 ? h.Duties : null,
                Tags: state.Tags.IsEmpty && h.Tags.Count > 0 ? h.Tags : null);
            if (change.Project is not null) filled.Add("project");
            if (change.Responsibility is not null) filled.Add("responsibility");
            if (change.Duties is not null) filled.Add("duties");
            if (change.Tags is not null) filled.Add("tags");
            Apply(ExpertDecider.Change(state, change, source, at));
        }

        var recorded = new Dictionary<SectionKind, int>();
        var confirmed = new Dictionary<SectionKind, int>();
        var duplicates = new Dictionary<SectionKind, int>();
        var warnings = new List<ImportWarning>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fresh = new List<(string, int)>();
        var alreadyPresent = 0;
        foreach (var item in doc.Items)
        {
            var id = ItemId(item);
            if (!seen.Add(id))
            {
                Bump(duplicates, item.Section);
                continue;
            }
            IReadOnlyList<KnowledgeEvent> decided;
            try
            {
                // A document repeating what a task, a retrospective or a feed recorded is a copy (kos's own export read
                // back, padded or not), not evidence: it confirms nothing, so no evidenced figure moves. What another
                // document or a person wrote is still confirmed by a file saying it too.
                decided = LearnedFromEvidence(working, id) ? [] : ExpertDecider.Add(working!, new AddKnowledge(item.Section, item.Text, item.Fields), source, item.At ?? at);
            }
            catch (InputException ex)
            {
                // The error's own code and arguments follow, so a Russian note words the reason too.
                warnings.Add(ImportWarning.Of(item.Line, $"{item.Section.Code()} item not imported: {ex.Message}", "item-not-imported", [item.Section.Code(), ex.Message, ex.Code, .. ex.Args]));
                continue;
            }
            if (decided.Count == 0) alreadyPresent++;
            foreach (var e in decided)
            {
                if (e is KnowledgeRecorded r && !(state?.Items.ContainsKey(r.ItemId) ?? false))
                {
                    Bump(recorded, item.Section);
                    fresh.Add((r.ItemId, item.Line));
                }
                else Bump(confirmed, item.Section);
            }
            Apply(decided);
            foreach (var solution in item.MoreSolutions)
            {
                var clean = TextKey.Clean(solution);
                var current = working!.Items.GetValueOrDefault(id);
                if (current is null || clean.Length == 0 || current.Solutions.Any(s => TextKey.Of(s) == TextKey.Of(clean))) continue;
                // The domain's event for "one more solution to this problem"; the file is its evidence.
                Apply([new KnowledgeConfirmed { ItemId = id, AddedSolution = clean, Source = source, At = item.At ?? at }]);
            }
        }

        var claimsRecorded = 0;
        var claimsDropped = 0;
        // A claim is once per document that made it: the same figure from two documents is two claims (one per
        // source, shown once with both: ClaimSources); a repeat in one document, or a re-import, is dropped.
        var claimKeys = working!.Claims.Select(c => ClaimKey(c.Source, c.Label, c.Value)).ToHashSet(StringComparer.Ordinal);
        foreach (var claim in doc.Claims)
        {
            if (!claimKeys.Add(ClaimKey(claim.Source, claim.Label, claim.Value)))
            {
                claimsDropped++;
                continue;
            }
            Apply([claim]);
            claimsRecorded++;
        }

        return new ImportDecision
        {
            Events = events,
            Onboarded = state is null,
            ProfileFilled = filled,
            Recorded = recorded,
            Confirmed = confirmed,
            Duplicates = duplicates,
            AlreadyPresent = alreadyPresent,
            ClaimsRecorded = claimsRecorded,
            ClaimsDropped = claimsDropped,
            Suggestions = NearDuplicates.Find(working, fresh),
            Warnings = warnings,
        };
    }

    /// <summary>Decides a learning program for the expert <paramref name="slug"/>: onboards it when new, records the program unless the same one is there.</summary>
    public static ImportDecision DecideProgram(ExpertState? state, string slug, LearningProgramDocument program, DateTimeOffset fallbackAt)
    {
        var stored = program.Program;
        var source = ImportSource.Of(stored.FileName);
        var at = stored.Created ?? fallbackAt;
        var events = new List<KnowledgeEvent>();
        if (state is null) events.AddRange(ExpertDecider.Onboard(null, new OnboardExpert(slug, stored.DisplayName, stored.Role), source, at));
        var same = state?.ImportedProgram is { } existing
            && JsonSerializer.Serialize(existing, EventTypes.Json) == JsonSerializer.Serialize(stored, EventTypes.Json);
        if (!same) events.Add(new ProgramImported { Program = stored, Source = source, At = at });
        return new ImportDecision { Events = events, Onboarded = state is null, ProgramRecorded = !same };
    }

    /// <summary>Whether the item is already there, first recorded by a task, a retrospective or a feed (not by a document or a person).</summary>
    private static bool LearnedFromEvidence(ExpertState? state, string id) =>
        state?.Items.GetValueOrDefault(id) is { } item
        && !item.Source.StartsWith(ImportSource.Prefix, StringComparison.Ordinal) && !item.Source.StartsWith("manual:", StringComparison.Ordinal);

    /// <summary>The id <see cref="ExpertDecider.Add"/> gives an item, to spot repeats before asking it.</summary>
    public static string ItemId(ImportedItem item) =>
        TextKey.ItemId(SectionCatalog.Get(item.Section).IdentityFamily, ExpertDecider.IdentityText(item.Section, TextKey.Clean(item.Text), item.Fields));

    private static string ClaimKey(string source, string label, string value) => source + "\n" + TextKey.Of(label) + "\n" + TextKey.Of(value);

    private static void Bump(Dictionary<SectionKind, int> counts, SectionKind kind) => counts[kind] = counts.GetValueOrDefault(kind) + 1;
}
