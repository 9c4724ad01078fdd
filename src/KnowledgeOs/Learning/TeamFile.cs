using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Text;

namespace KnowledgeOs.Learning;

/// <summary>
/// A team as a JSON file describes it (<c>samples/team.json</c>): the team slug, its project and the experts to
/// onboard. Every field is validated before anything is written; errors name the file and the field.
/// </summary>
/// <param name="Team">Team slug.</param>
/// <param name="Project">Project the team works on; every expert gets it.</param>
/// <param name="Experts">One onboarding per expert, in file order.</param>
public sealed record TeamFile(string Team, string Project, IReadOnlyList<OnboardExpert> Experts)
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses a team file; <paramref name="origin"/> names it in messages.</summary>
    public static TeamFile Parse(string json, string origin)
    {
        if (string.IsNullOrWhiteSpace(json)) throw InputException.Of($"{origin}: the file is empty.", origin, ErrorCodes.FileEmpty, origin);
        using (var doc = JsonInput.Parse(json, origin, Options))
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw ReportParser.Error(origin, "$", "a team file is a JSON object", ErrorCodes.FieldNotObject);
            var r = new ReportParser.Reader(doc.RootElement, origin, "");
            var team = r.RequiredString("team");
            ExpertDecider.ValidateSlug(team, "team");
            var project = r.String("project") ?? "";
            var experts = r.Array("experts", required: true).Select((e, i) => Expert(new ReportParser.Reader(e, origin, $"experts[{i}]"), project)).ToList();
            if (experts.Count == 0) throw ReportParser.Error(origin, "experts", "the list is empty; a team needs at least one expert", ErrorCodes.ListEmpty);
            CheckUnique(experts, origin);
            return new TeamFile(team, project, experts);
        }
    }

    private static OnboardExpert Expert(ReportParser.Reader e, string project)
    {
        if (e.Element.ValueKind != JsonValueKind.Object) throw ReportParser.Error(e.Origin, e.Path, "must be an object", ErrorCodes.FieldNotObject);
        var slug = e.RequiredString("slug");
        ExpertDecider.ValidateSlug(slug, e.Field("slug"));
        var priority = e.Int("priority") ?? 3;
        if (priority < 1) throw ReportParser.Error(e.Origin, e.Field("priority"), "must be 1 or more (1 is highest)", ErrorCodes.NumberTooSmall, "1");
        var text = e.String("status");
        var status = text is null ? ExpertStatus.Active
            : ExpertStatuses.Parse(text) is { } known && text == known.Code() ? known
            : throw ReportParser.Error(e.Origin, e.Field("status"), $"has unknown status '{text}' (expected {ExpertStatuses.Allowed})",
                ErrorCodes.FieldValueUnknown, text ?? "", ExpertStatuses.Allowed);
        return new OnboardExpert(slug, e.RequiredString("displayName"), e.RequiredString("role"), project, priority, status,
            e.String("responsibility") ?? "", e.Strings("duties"), e.Strings("tags"));
    }

    private static void CheckUnique(List<OnboardExpert> experts, string origin)
    {
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var people = new HashSet<(string, string)>();
        for (var i = 0; i < experts.Count; i++)
        {
            var x = experts[i];
            if (!slugs.Add(x.Slug)) throw ReportParser.Error(origin, $"experts[{i}].slug", $"'{x.Slug}' is used by an earlier expert", ErrorCodes.ValueDuplicate, x.Slug);
            // Retrospectives name experts by display name and role, so that pair must tell experts apart.
            if (!people.Add((TextKey.Of(x.DisplayName), TextKey.Of(x.Role))))
                throw ReportParser.Error(origin, $"experts[{i}].role", $"another expert is already named '{x.DisplayName}' with role '{x.Role}'",
                    ErrorCodes.ExpertDuplicate, x.DisplayName, x.Role);
        }
    }
}
