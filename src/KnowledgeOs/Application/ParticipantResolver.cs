using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Text;

namespace KnowledgeOs.Application;

/// <summary>
/// Finds the expert behind each participant of a report: by slug when given, otherwise by a name the expert goes by
/// (display name, slug, alias, or their transliteration), the role telling namesakes apart. An ambiguous name is an
/// error listing the candidates; an onboarding never makes a near-twin, since a name and role that match are resolved.
/// </summary>
public static class ParticipantResolver
{
    /// <summary>One participant with the expert's slug, and the onboarding to do first when it is new.</summary>
    public readonly record struct Resolved(Participant Participant, string Slug, OnboardExpert? Onboard)
    {
        /// <summary>How the expert was found: <c>slug</c>, <c>name</c>, an alias, a transliteration, or <c>new</c>.</summary>
        public string MatchedBy { get; init; } = "slug";
    }

    /// <summary>Resolves every participant; an unknown one is an error unless <paramref name="onboardUnknown"/>.</summary>
    public static IReadOnlyList<Resolved> Resolve(IReadOnlyList<ExpertState> experts, TaskReport report, bool onboardUnknown)
    {
        var result = new List<Resolved>();
        var taken = experts.Select(e => e.Slug).ToHashSet(StringComparer.Ordinal);
        // New people seen so far in this report, by name and role: the same person twice must not become two experts.
        var newPeople = new HashSet<(string Name, string Role)>();
        for (var i = 0; i < report.Participants.Count; i++)
        {
            var p = report.Participants[i];
            var field = report.Format == ReportFormats.Atra ? $"experts[{i}]" : $"participants[{i}]";
            if (Match(experts, p.Expert, field) is var (match, matchedBy))
            {
                result.Add(new Resolved(p, match.Slug, null) { MatchedBy = matchedBy });
                continue;
            }
            if (!onboardUnknown)
            {
                var namesakes = p.Expert.Slug is null ? Namesakes(experts, p.Expert.Name) : [];
                var hint = namesakes.Count == 0 ? ""
                    : $" Experts with that name in other roles: {string.Join(", ", namesakes.Select(e => $"{e.Slug} ({e.Role})"))}; give one's role or slug if it is one of them.";
                throw new InputException(
                    $"{field}: no expert {Describe(p.Expert)} in the team.{hint} Onboard it first (kos expert add) or pass --onboard to create it from the report.", field)
                    .WithCode(ErrorCodes.ParticipantUnknown, field, Who(p.Expert), p.Expert.Slug is null ? p.Expert.Role ?? "" : "",
                        string.Join(", ", namesakes.Select(e => $"{e.Slug} ({e.Role})")));
            }
            if (string.IsNullOrWhiteSpace(p.Expert.Name) && p.Expert.Slug is null)
                throw InputException.Of($"{field}: cannot onboard an expert without a name.", field, ErrorCodes.ParticipantNoName, field);
            if (p.Expert.Slug is null && !newPeople.Add((TextKey.Of(p.Expert.Name), TextKey.Of(p.Expert.Role))))
                throw Twice(field, p.Expert);
            var slug = p.Expert.Slug ?? UniqueSlug(Transliteration.Slug(p.Expert.Name!), taken);
            if (slug.Length == 0)
                throw InputException.Of($"{field}: cannot make a slug from the name '{p.Expert.Name}'.", field, ErrorCodes.SlugFromNameImpossible, field, p.Expert.Name ?? "");
            taken.Add(slug);
            if (result.Any(r => r.Slug == slug))
                throw Twice(field, p.Expert);
            result.Add(new Resolved(p, slug, new OnboardExpert(slug, p.Expert.Name ?? slug, p.Expert.Role ?? "Expert")) { MatchedBy = "new" });
        }
        var twice = result.GroupBy(r => r.Slug).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw InputException.Of($"Expert '{twice.Key}' appears twice in the report's participants.", "participants",
                ErrorCodes.ParticipantTwice, "participants", twice.Key, "");
        return result;
    }

    // By slug; else by a name the expert goes by (display name, slug, alias); else by the transliteration key of one of
    // those. Role breaks a tie between namesakes and tells a namesake in another role apart (a different person);
    // more than one candidate left is an error listing them, never a silent pick.
    private static (ExpertState Expert, string MatchedBy)? Match(IReadOnlyList<ExpertState> experts, ExpertRef r, string field)
    {
        if (r.Slug is not null)
        {
            if (experts.FirstOrDefault(e => e.Slug == r.Slug) is not { } bySlug) return null;
            if (bySlug.MergedInto is not { } into) return (bySlug, "slug");
            // A merged twin's slug leads to the expert it was merged into.
            return experts.FirstOrDefault(e => e.Slug == into) is { } survivor
                ? (survivor, $"'{r.Slug}' was merged into it")
                : throw InputException.Of($"{field}: '{r.Slug}' was merged into '{into}'; name '{into}' instead.", field, ErrorCodes.ExpertMerged, field, r.Slug, into);
        }
        // A merged twin answers to no name: the expert it was merged into has its names as aliases.
        experts = [.. experts.Where(e => e.MergedInto is null)];
        var name = TextKey.Of(r.Name);
        var candidates = experts.Select(e => (Expert: e, By: NameMatch(e, name))).Where(c => c.By is not null).ToList();
        if (candidates.Count == 0)
        {
            var key = Transliteration.NameKey(r.Name);
            if (key.Length > 0)
                candidates = experts.Where(e => Names(e).Any(n => Transliteration.NameKey(n.Name) == key))
                    .Select(e => (e, (string?)$"transliteration of '{Names(e).First(n => Transliteration.NameKey(n.Name) == key).Name}'")).ToList();
        }
        if (r.Role is not null)
        {
            var role = TextKey.Of(r.Role);
            candidates = candidates.Where(c => TextKey.Of(c.Expert.Role) == role).ToList();
        }
        return candidates.Count switch
        {
            0 => null,
            1 => (candidates[0].Expert, candidates[0].By!),
            _ => throw new InputException(
                $"{field}: {candidates.Count} experts could be {Describe(r)}: {string.Join(", ", candidates.Select(c => $"{c.Expert.Slug} ({c.Expert.DisplayName}, {c.Expert.Role})"))}; "
                + (r.Role is null ? "give the role or the slug to say which." : "give the slug to say which."), field)
                .WithCode(ErrorCodes.ParticipantAmbiguous, field, Who(r), r.Slug is null ? r.Role ?? "" : "",
                    string.Join(", ", candidates.Select(c => $"{c.Expert.Slug} ({c.Expert.DisplayName}, {c.Expert.Role})"))),
        };
    }

    private static string? NameMatch(ExpertState e, string name) =>
        Names(e).FirstOrDefault(n => TextKey.Of(n.Name) == name) is { Name: not null } n ? n.By : null;

    // Every name an expert answers to, with how a match on it is described.
    private static IEnumerable<(string Name, string By)> Names(ExpertState e)
    {
        yield return (e.DisplayName, "name");
        yield return (e.Slug, "slug");
        foreach (var a in e.Aliases) yield return (a.Name, $"alias '{a.Name}' ({a.Source})");
    }

    /// <summary>The experts of the team a name could mean (by name, alias or transliteration, any role), for messages.</summary>
    public static IReadOnlyList<ExpertState> Namesakes(IReadOnlyList<ExpertState> experts, string? name)
    {
        var text = TextKey.Of(name);
        var key = Transliteration.NameKey(name);
        return [.. experts.Where(e => Names(e).Any(n => TextKey.Of(n.Name) == text || (key.Length > 0 && Transliteration.NameKey(n.Name) == key)))];
    }

    private static string UniqueSlug(string slug, HashSet<string> taken)
    {
        if (!taken.Contains(slug)) return slug;
        for (var n = 2; ; n++)
            if (!taken.Contains($"{slug}-{n}")) return $"{slug}-{n}";
    }

    private static InputException Twice(string field, ExpertRef r) =>
        InputException.Of($"{field}: expert {Describe(r)} appears twice in the report.", field, ErrorCodes.ParticipantTwice, field, Who(r), r.Slug is null ? r.Role ?? "" : "");

    /// <summary>The expert a report names, for a coded error: the slug, else the name (its role is an argument of its own).</summary>
    private static string Who(ExpertRef r) => r.Slug ?? r.Name ?? "";

    private static string Describe(ExpertRef r) => r.Slug is not null ? $"'{r.Slug}'" : $"'{r.Name}' with role '{r.Role}'";
}
