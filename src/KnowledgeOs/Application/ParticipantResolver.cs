using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Text;

namespace KnowledgeOs.Application;

/// <summary>
/// Finds the expert behind each participant of a report: by slug when given, otherwise by display name and
/// role together (two experts may share a display name, so never by the name alone).
/// </summary>
public static class ParticipantResolver
{
    /// <summary>One participant with the expert's slug, and the onboarding to do first when it is new.</summary>
    public readonly record struct Resolved(Participant Participant, string Slug, OnboardExpert? Onboard);

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
            var match = Match(experts, p.Expert, field);
            if (match is not null)
            {
                result.Add(new Resolved(p, match.Slug, null));
                continue;
            }
            if (!onboardUnknown)
            {
                throw new InputException(
                    $"{field}: no expert {Describe(p.Expert)} in the team. Onboard it first (kos expert add) or pass --onboard to create it from the report.", field);
            }
            if (string.IsNullOrWhiteSpace(p.Expert.Name) && p.Expert.Slug is null)
                throw new InputException($"{field}: cannot onboard an expert without a name.", field);
            if (p.Expert.Slug is null && !newPeople.Add((TextKey.Of(p.Expert.Name), TextKey.Of(p.Expert.Role))))
                throw new InputException($"{field}: expert {Describe(p.Expert)} appears twice in the report.", field);
            var slug = p.Expert.Slug ?? UniqueSlug(Transliteration.Slug(p.Expert.Name!), taken);
            if (slug.Length == 0) throw new InputException($"{field}: cannot make a slug from the name '{p.Expert.Name}'.", field);
            taken.Add(slug);
            if (result.Any(r => r.Slug == slug))
                throw new InputException($"{field}: expert {Describe(p.Expert)} appears twice in the report.", field);
            result.Add(new Resolved(p, slug, new OnboardExpert(slug, p.Expert.Name ?? slug, p.Expert.Role ?? "Expert")));
        }
        var twice = result.GroupBy(r => r.Slug).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InputException($"Expert '{twice.Key}' appears twice in the report's participants.", "participants");
        return result;
    }

    private static ExpertState? Match(IReadOnlyList<ExpertState> experts, ExpertRef r, string field)
    {
        if (r.Slug is not null) return experts.FirstOrDefault(e => e.Slug == r.Slug);
        var name = TextKey.Of(r.Name);
        var byName = experts.Where(e => TextKey.Of(e.DisplayName) == name).ToList();
        if (r.Role is not null)
        {
            var role = TextKey.Of(r.Role);
            return byName.FirstOrDefault(e => TextKey.Of(e.Role) == role);
        }
        return byName.Count switch
        {
            0 => null,
            1 => byName[0],
            _ => throw new InputException(
                $"{field}: {byName.Count} experts are named '{r.Name}' ({string.Join(", ", byName.Select(e => e.Role))}); give the role to say which.", field),
        };
    }

    private static string UniqueSlug(string slug, HashSet<string> taken)
    {
        if (!taken.Contains(slug)) return slug;
        for (var n = 2; ; n++)
            if (!taken.Contains($"{slug}-{n}")) return $"{slug}-{n}";
    }

    private static string Describe(ExpertRef r) => r.Slug is not null ? $"'{r.Slug}'" : $"'{r.Name}' with role '{r.Role}'";
}
