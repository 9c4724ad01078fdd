using System.Text.Json;
using KnowledgeOs.Learning;
using KnowledgeOs.Text;

namespace KnowledgeOs.Programs;

/// <summary>
/// Reads a program template (JSON) and validates every field and evidence rule before it is used: a bad
/// template is an <see cref="InputException"/> naming the file, the field and the checklist item.
/// </summary>
public static class ProgramTemplateReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly string[] TopFields = ["role", "aliases", "level", "goals", "materials", "stages", "successCriteria", "$comment"];

    /// <summary>Parses a template; <paramref name="fileName"/> (<c>backend-developer.json</c>) gives its id and names it in messages.</summary>
    public static ProgramTemplate Parse(string json, string fileName)
    {
        var id = Path.GetFileNameWithoutExtension(fileName);
        if (string.IsNullOrWhiteSpace(json)) throw InputException.Of($"{fileName}: the file is empty.", fileName, ErrorCodes.FileEmpty, fileName);
        using (var doc = JsonInput.Parse(json, fileName, Options))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw ReportParser.Error(fileName, "$", "a program template is a JSON object", ErrorCodes.FieldNotObject);
            var r = new ReportParser.Reader(root, fileName, "");
            OnlyKnown(r, TopFields);
            var role = r.RequiredString("role");
            var goals = r.Array("goals", required: false).Select((g, i) =>
            {
                var gr = Object(g, fileName, $"goals[{i}]");
                OnlyKnown(gr, ["title", "items"]);
                return new GoalGroup(gr.RequiredString("title"), gr.Strings("items"));
            }).ToList();
            IReadOnlyList<string> books = [], practices = [];
            if (root.TryGetProperty("materials", out var m) && m.ValueKind != JsonValueKind.Null)
            {
                var mr = Object(m, fileName, "materials");
                OnlyKnown(mr, ["books", "practices"]);
                books = mr.Strings("books");
                practices = mr.Strings("practices");
            }
            var stages = r.Array("stages", required: true).Select((s, i) => Stage(Object(s, fileName, $"stages[{i}]"))).ToList();
            if (stages.Count == 0) throw ReportParser.Error(fileName, "stages", "the list is empty; a program needs at least one stage", ErrorCodes.ListEmpty);
            CheckWeeks(stages, fileName);
            var criteria = r.Array("successCriteria", required: false).Select((c, i) =>
            {
                if (c.ValueKind == JsonValueKind.String) return new SuccessCriterion(c.GetString()!.Trim(), null);
                var cr = Object(c, fileName, $"successCriteria[{i}]");
                OnlyKnown(cr, ["text", "evidence"]);
                var text = cr.RequiredString("text");
                return new SuccessCriterion(text, cr.String("evidence") is { } e ? Rule(cr, e, text) : null);
            }).ToList();
            return new ProgramTemplate(id, role, r.Strings("aliases"), r.String("level") ?? "", goals, books, practices, stages, criteria);
        }
    }

    private static ProgramStage Stage(ReportParser.Reader s)
    {
        OnlyKnown(s, ["weeks", "tier", "title", "items"]);
        var weeks = s.RequiredString("weeks");
        var parts = weeks.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || !parts.All(p => int.TryParse(p, out var n) && n >= 1))
            throw ReportParser.Error(s.Origin, s.Field("weeks"), $"'{weeks}' is not a week range (e.g. 1-2)", ErrorCodes.WeekRangeInvalid, weeks);
        var from = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var to = int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture);
        if (to < from) throw ReportParser.Error(s.Origin, s.Field("weeks"), $"'{weeks}' ends before it starts", ErrorCodes.WeekRangeInvalid, weeks);
        var tierText = s.RequiredString("tier");
        if (!Enum.TryParse<ProgramTier>(tierText, ignoreCase: true, out var tier) || int.TryParse(tierText, out _))
            throw ReportParser.Error(s.Origin, s.Field("tier"), $"has unknown tier '{tierText}' (expected basics, deepening, mastery, expert or maximum)",
                ErrorCodes.FieldValueUnknown, tierText, "basics, deepening, mastery, expert, maximum");
        var items = s.Array("items", required: true).Select((e, i) =>
        {
            var ir = Object(e, s.Origin, s.Field($"items[{i}]"));
            OnlyKnown(ir, ["text", "evidence"]);
            var text = ir.RequiredString("text");
            return new ChecklistItem(text, Rule(ir, ir.String("evidence") ?? throw ReportParser.Error(ir.Origin, ir.Field("evidence"),
                $"is required (item «{text}» needs an evidence rule: {EvidenceRule.Known})", ErrorCodes.FieldRequired), text));
        }).ToList();
        if (items.Count == 0) throw ReportParser.Error(s.Origin, s.Field("items"), "the list is empty; a stage needs at least one item", ErrorCodes.ListEmpty);
        var dup = items.GroupBy(i => TextKey.Of(i.Text)).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw ReportParser.Error(s.Origin, s.Field("items"), $"has item «{dup.First().Text}» twice", ErrorCodes.ValueDuplicate, dup.First().Text);
        return new ProgramStage(from, to, tier, s.RequiredString("title"), items);
    }

    private static EvidenceRule Rule(ReportParser.Reader r, string rule, string itemText)
    {
        try
        {
            return EvidenceRule.Parse(rule);
        }
        catch (FormatException ex)
        {
            throw new InputException($"{r.Origin}: item «{itemText}» ({r.Field("evidence")}): {ex.Message}.", r.Field("evidence"), ex)
                .WithCode(ErrorCodes.EvidenceRuleInvalid, r.Origin, r.Field("evidence"), itemText);
        }
    }

    private static void CheckWeeks(List<ProgramStage> stages, string origin)
    {
        for (var i = 1; i < stages.Count; i++)
        {
            if (stages[i].FromWeek <= stages[i - 1].ToWeek)
                throw ReportParser.Error(origin, $"stages[{i}].weeks", $"'{stages[i].Weeks}' overlaps or precedes weeks {stages[i - 1].Weeks}; stages go in week order",
                    ErrorCodes.StagesOutOfOrder, stages[i].Weeks, stages[i - 1].Weeks);
            if (stages[i].Tier < stages[i - 1].Tier)
                throw ReportParser.Error(origin, $"stages[{i}].tier", $"'{stages[i].Tier.ToString().ToLowerInvariant()}' comes after '{stages[i - 1].Tier.ToString().ToLowerInvariant()}'; tiers go basics → maximum",
                    ErrorCodes.StagesOutOfOrder, stages[i].Tier.ToString().ToLowerInvariant(), stages[i - 1].Tier.ToString().ToLowerInvariant());
        }
    }

    private static ReportParser.Reader Object(JsonElement e, string origin, string path) =>
        e.ValueKind == JsonValueKind.Object ? new ReportParser.Reader(e, origin, path) : throw ReportParser.Error(origin, path, "must be an object", ErrorCodes.FieldNotObject);

    private static void OnlyKnown(ReportParser.Reader r, string[] allowed)
    {
        foreach (var p in r.Element.EnumerateObject())
            if (!allowed.Contains(p.Name, StringComparer.Ordinal))
                throw ReportParser.Error(r.Origin, r.Field(p.Name), $"is not a template field (expected one of: {string.Join(", ", allowed.Where(a => a[0] != '$'))})",
                    ErrorCodes.FieldUnknown, string.Join(", ", allowed.Where(a => a[0] != '$')));
    }
}
