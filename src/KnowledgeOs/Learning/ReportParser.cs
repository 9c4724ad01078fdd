using System.Globalization;
using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Learning;

/// <summary>
/// Reads a task report (native or ATRA retrospective JSON) and validates every field before anything is
/// written. Errors name the file and the field (<c>report.json: participants[0].outcome: …</c>).
/// </summary>
public static class ReportParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses a report; <paramref name="origin"/> names it in messages (a file path, "request body").</summary>
    public static TaskReport Parse(string json, string origin)
    {
        if (string.IsNullOrWhiteSpace(json)) throw new InputException($"{origin}: the file is empty.", origin);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new InputException($"{origin}: not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {FirstSentence(ex.Message)}", origin, ex);
        }
        catch (ArgumentException ex)
        {
            // A string holding an unpaired surrogate cannot even be transcoded for the JSON reader.
            throw new InputException($"{origin}: not valid text: it holds an unpaired surrogate, which is not a character.", origin, ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Error(origin, "$", $"a report is a JSON object, not {Describe(root.ValueKind)}");
            var isAtra = root.TryGetProperty("task_id", out _) || root.TryGetProperty("experts", out _);
            return isAtra ? ParseAtra(root, origin) : ParseNative(root, origin);
        }
    }

    private static TaskReport ParseNative(JsonElement root, string origin)
    {
        var r = new Reader(root, origin, "");
        var taskId = r.RequiredString("taskId");
        var title = r.String("title") ?? taskId;
        var defaults = new ParticipantDefaults(r.Outcome("outcome", required: false), r.Int("errorsFixed") ?? 0);
        var participants = r.Array("participants", required: true)
            .Select((p, i) => NativeParticipant(new Reader(p, origin, $"participants[{i}]"), defaults, r))
            .ToList();
        if (participants.Count == 0) throw Error(origin, "participants", "the list is empty; a report needs at least one participant");
        return new TaskReport(ValidateId(taskId, origin, "taskId"), title, r.String("description") ?? "",
            r.Date("completedAt") ?? throw Error(origin, "completedAt", "is required (an ISO 8601 date-time)"),
            r.Int("durationMinutes"), participants, r.Strings("tags"), r.Bool("case") ?? r.Bool("isCase") ?? false, ReportFormats.Native);
    }

    private sealed record ParticipantDefaults(string? Outcome, int ErrorsFixed);

    private static Participant NativeParticipant(Reader p, ParticipantDefaults d, Reader report)
    {
        if (p.Element.ValueKind == JsonValueKind.String)
        {
            var slug = p.Element.GetString()!;
            ExpertDecider.ValidateSlug(slug, p.Path);
            return new Participant(new ExpertRef(slug, null, null), d.Outcome ?? throw Error(p.Origin, "outcome", "is required (success, partial or failure)"),
                d.ErrorsFixed, report.Strings("whatWorked"), report.Strings("whatToImprove"), report.Strings("newKnowledge"),
                Problems(report), report.Strings("materials"), report.Strings("practicesApplied"));
        }
        var slugValue = p.String("expert") ?? p.String("slug");
        var name = p.String("name");
        var role = p.String("role");
        if (slugValue is null && name is null) throw Error(p.Origin, p.Field("expert"), "is required (the expert's slug)");
        if (slugValue is not null) ExpertDecider.ValidateSlug(slugValue, p.Field("expert"));
        var outcome = p.Outcome("outcome", required: false) ?? d.Outcome
            ?? throw Error(p.Origin, p.Field("outcome"), "is required (success, partial or failure)");
        // Lists given on the participant win; otherwise the report-level lists apply to every participant.
        IReadOnlyList<string> Pick(string name) => p.Has(name) ? p.Strings(name) : report.Strings(name);
        return new Participant(new ExpertRef(slugValue, name, role), outcome, p.Int("errorsFixed") ?? d.ErrorsFixed,
            Pick("whatWorked"), Pick("whatToImprove"), Pick("newKnowledge"),
            p.Has("problems") ? Problems(p) : Problems(report), Pick("materials"), Pick("practicesApplied"));
    }

    private static List<ProblemSolution> Problems(Reader r) =>
        r.Array("problems", required: false).Select((e, i) =>
        {
            var pr = new Reader(e, r.Origin, r.Field($"problems[{i}]"));
            if (e.ValueKind == JsonValueKind.String) return new ProblemSolution(pr.CheckLength(e.GetString()!, pr.Path), "");
            return new ProblemSolution(pr.RequiredString("problem"), pr.String("solution") ?? "");
        }).ToList();

    private static TaskReport ParseAtra(JsonElement root, string origin)
    {
        var r = new Reader(root, origin, "");
        var taskId = ValidateId(r.RequiredString("task_id"), origin, "task_id");
        var outcome = AtraOutcome(r);
        var metricsErrors = root.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object
            ? new Reader(m, origin, "metrics").Int("errors_fixed") : null;
        var lessons = r.Strings("lessons_learned");
        var experts = r.Array("experts", required: true);
        var participants = experts.Select((e, i) =>
        {
            var p = new Reader(e, origin, $"experts[{i}]");
            var name = p.String("expert") ?? p.String("name") ?? throw Error(origin, p.Field("expert"), "is required (the expert's display name)");
            var role = p.String("role");
            var slug = p.String("slug");
            if (slug is not null) ExpertDecider.ValidateSlug(slug, p.Field("slug"));
            var knowledge = p.Strings("new_knowledge").Concat(KnowledgeUpdates(p)).Concat(lessons).ToList();
            return new Participant(new ExpertRef(slug, name, role), p.Outcome("outcome", required: false) ?? outcome,
                p.Int("errors_fixed") ?? 0, p.Strings("what_worked"), p.Strings("what_to_improve"), knowledge,
                [], p.Strings("materials"), p.Strings("practices_applied"));
        }).ToList();
        if (participants.Count == 0) throw Error(origin, "experts", "the list is empty; a retrospective needs at least one expert");
        if (metricsErrors is { } total && participants.All(p => p.ErrorsFixed == 0))
            participants[0] = participants[0] with { ErrorsFixed = total };
        return new TaskReport(taskId, r.String("task_name") ?? taskId, r.String("task_description") ?? "",
            r.Date("completed_at") ?? throw Error(origin, "completed_at", "is required (an ISO 8601 date-time)"),
            r.Int("duration_minutes"), participants, r.Strings("tags"), r.Bool("is_case") ?? false, ReportFormats.Atra);
    }

    private static IEnumerable<string> KnowledgeUpdates(Reader p) =>
        p.Array("knowledge_updates", required: false).Select((e, i) => e.ValueKind switch
        {
            JsonValueKind.String => p.CheckLength(e.GetString()!, p.Field($"knowledge_updates[{i}]")),
            JsonValueKind.Object => new Reader(e, p.Origin, p.Field($"knowledge_updates[{i}]")).String("text")
                ?? new Reader(e, p.Origin, p.Field($"knowledge_updates[{i}]")).RequiredString("knowledge"),
            _ => throw Error(p.Origin, p.Field($"knowledge_updates[{i}]"), $"expected a string or an object, found {Describe(e.ValueKind)}"),
        });

    private static string AtraOutcome(Reader r)
    {
        if (r.Outcome("overall_outcome", required: false) is { } o) return o;
        if (r.Outcome("overall_status", required: false) is { } s) return s;
        if (r.Bool("overall_success") is { } ok) return ok ? Outcome.Success : Outcome.Failure;
        // A retrospective is written after the task is done; without a stated outcome it counts as a success.
        return Outcome.Success;
    }

    private static string ValidateId(string id, string origin, string field)
    {
        if (id.Length > 200 || id.Any(char.IsControl)) throw Error(origin, field, "must be at most 200 printable characters");
        return id.Trim();
    }

    internal static InputException Error(string origin, string field, string problem) =>
        new($"{origin}: field '{field}' {problem}.", field);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends its own zero-based position; the message already gives it one-based.
        foreach (var tail in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message.TrimEnd();
    }

    /// <summary>Typed, validated access to one JSON object, remembering its path for messages.</summary>
    internal readonly record struct Reader(JsonElement Element, string Origin, string Path)
    {
        public string Field(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

        public bool Has(string name) => Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

        private JsonElement? Get(string name) =>
            Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        public string CheckLength(string value, string field) =>
            value.Length > ExpertDecider.MaxTextLength
                ? throw Error(Origin, field, $"is {value.Length:N0} characters; the limit is {ExpertDecider.MaxTextLength:N0}")
                : value;

        public string? String(string name)
        {
            if (Get(name) is not { } v) return null;
            if (v.ValueKind != JsonValueKind.String) throw Error(Origin, Field(name), $"must be a string, found {Describe(v.ValueKind)}");
            var s = v.GetString()!.Trim();
            return s.Length == 0 ? null : CheckLength(s, Field(name));
        }

        public string RequiredString(string name) => String(name) ?? throw Error(Origin, Field(name), "is required");

        public int? Int(string name)
        {
            if (Get(name) is not { } v) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0) return n;
            if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n)) return n;
            throw Error(Origin, Field(name), "must be a whole number, 0 or more");
        }

        public bool? Bool(string name)
        {
            if (Get(name) is not { } v) return null;
            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(v.GetString(), out var b) => b,
                _ => throw Error(Origin, Field(name), "must be true or false"),
            };
        }

        public DateTimeOffset? Date(string name)
        {
            if (String(name) is not { } s) return null;
            if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)) return d;
            throw Error(Origin, Field(name), $"'{s}' is not a date-time (use ISO 8601, e.g. 2026-03-02T14:00:00Z)");
        }

        public string? Outcome(string name, bool required)
        {
            var s = String(name);
            if (s is null) return required ? throw Error(Origin, Field(name), "is required (success, partial or failure)") : null;
            return Events.Outcome.Parse(s) ?? throw Error(Origin, Field(name), $"has unknown outcome '{s}' (expected success, partial or failure)");
        }

        public IEnumerable<JsonElement> Array(string name, bool required)
        {
            if (Get(name) is not { } v)
                return required ? throw Error(Origin, Field(name), "is required (a list)") : [];
            if (v.ValueKind != JsonValueKind.Array) throw Error(Origin, Field(name), $"must be a list, found {Describe(v.ValueKind)}");
            return v.EnumerateArray().ToList();
        }

        public IReadOnlyList<string> Strings(string name)
        {
            if (Get(name) is not { } v) return [];
            if (v.ValueKind == JsonValueKind.String) return v.GetString()!.Trim() is { Length: > 0 } one ? [CheckLength(one, Field(name))] : [];
            if (v.ValueKind != JsonValueKind.Array) throw Error(Origin, Field(name), $"must be a list of strings, found {Describe(v.ValueKind)}");
            var list = new List<string>();
            var i = 0;
            foreach (var e in v.EnumerateArray())
            {
                var field = $"{Field(name)}[{i++}]";
                if (e.ValueKind != JsonValueKind.String) throw Error(Origin, field, $"must be a string, found {Describe(e.ValueKind)}");
                var s = e.GetString()!.Trim();
                if (s.Length > 0) list.Add(CheckLength(s, field));
            }
            return list;
        }
    }
}
