using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Text;

namespace KnowledgeOs.Learning;

/// <summary>
/// Reads a task report (native or ATRA retrospective JSON) and validates every field before anything is
/// written. Errors name the file and the field (<c>report.json: participants[0].outcome: …</c>). Strict: an unknown
/// field (with the nearest known one suggested), a duplicate key, a date without an offset, a counter out of its range
/// or text against <see cref="TextPolicy"/> is an error, never silently dropped or guessed; sizes are bounded by
/// <see cref="ReportLimits"/>.
/// </summary>
public static partial class ReportParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses a report from its bytes, decoded as strict UTF-8 (a broken byte is an error, never U+FFFD).</summary>
    public static TaskReport Parse(ReadOnlySpan<byte> utf8, string origin, ReportLimits? limits = null) =>
        Parse(TextPolicy.DecodeUtf8(utf8, origin), origin, limits);

    /// <summary>Parses a report; <paramref name="origin"/> names it in messages (a file path, "request body").</summary>
    public static TaskReport Parse(string json, string origin, ReportLimits? limits = null)
    {
        limits ??= ReportLimits.Default;
        if (string.IsNullOrWhiteSpace(json)) throw InputException.Of($"{origin}: the file is empty.", origin, ErrorCodes.FileEmpty, origin);
        using (var doc = JsonInput.Parse(json, origin, Options))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Error(origin, "$", $"a report is a JSON object, not {Describe(root.ValueKind)}", ErrorCodes.FieldNotObject);
            // Not TryGetProperty: it unescapes every name it compares and throws on an escaped unpaired surrogate ("\ud800").
            var isAtra = ReportShape.HasAnyField(root, origin, "task_id", "experts");
            ReportShape.Check(root, isAtra ? ReportShape.Atra : ReportShape.Native, origin, "");
            var r = new Reader(root, origin, "", limits);
            return isAtra ? ParseAtra(r) : ParseNative(r);
        }
    }

    private static TaskReport ParseNative(Reader r)
    {
        var origin = r.Origin;
        var taskId = r.RequiredString("taskId", identifier: true);
        var title = r.String("title") ?? taskId;
        var started = r.Started("outcome");
        var defaults = new ParticipantDefaults(started ? Outcome.Unknown : r.Outcome("outcome", required: false), r.ErrorsFixed("errorsFixed") ?? 0);
        var participants = r.Array("participants", required: true, r.Limits.MaxParticipants, nameof(ReportLimits.MaxParticipants))
            .Select((p, i) => NativeParticipant(r.Child(p, $"participants[{i}]"), defaults, r))
            .ToList();
        if (participants.Count == 0) throw Error(origin, "participants", "the list is empty; a report needs at least one participant", ErrorCodes.ListEmpty);
        return new TaskReport(ValidateId(taskId, origin, "taskId"), title, r.String("description") ?? "",
            r.Date("completedAt") ?? throw Required(origin, "completedAt", "is required (an ISO 8601 date-time)"),
            r.Duration("durationMinutes"), participants, r.Strings("tags"), r.Bool("case") ?? r.Bool("isCase") ?? false, ReportFormats.Native)
        {
            UsedItems = UsedItems(r),
            Measurements = ReportMetrics.Read(r, "metrics"),
            InProgress = started,
        };
    }

    /// <summary>The report's <c>usedItems</c>: item ids or context pack ids (resolved to their items); null when none.</summary>
    private static IReadOnlyList<string>? UsedItems(Reader r) => UsedItems(r.Origin, [("usedItems", r.Strings("usedItems"))]);

    /// <summary>Item ids or context pack ids from these lists (each named by its field), resolved, each once, in order; null when none.</summary>
    private static IReadOnlyList<string>? UsedItems(string origin, IEnumerable<(string Field, IReadOnlyList<string> Ids)> lists)
    {
        var resolved = new List<string>();
        foreach (var (field, ids) in lists)
        {
            if (ids.Count == 0) continue;
            try
            {
                resolved.AddRange(ItemUsage.Resolve(ids, field));
            }
            catch (InputException bad) when (bad.Field is { } at)
            {
                throw Error(origin, at, "is not an item id or a pack id this server made (a context pack's packId)", ErrorCodes.ReferenceUnknown);
            }
        }
        return resolved.Count == 0 ? null : [.. resolved.Distinct(StringComparer.Ordinal)];
    }

    private sealed record ParticipantDefaults(Outcome? Outcome, int ErrorsFixed);

    private static Participant NativeParticipant(Reader p, ParticipantDefaults d, Reader report)
    {
        if (p.Element.ValueKind == JsonValueKind.String)
        {
            var slug = p.Text(p.Element, p.Path, identifier: true);
            ExpertDecider.ValidateSlug(slug, p.Path);
            return new Participant(new ExpertRef(slug, null, null), d.Outcome ?? throw Required(p.Origin, "outcome", "is required (success, partial or failure)"),
                d.ErrorsFixed, report.Strings("whatWorked"), report.Strings("whatToImprove"), report.Strings("newKnowledge"),
                Problems(report), report.Strings("materials"), report.Strings("practicesApplied"));
        }
        var slugValue = p.String("expert", identifier: true) ?? p.String("slug", identifier: true);
        var name = p.String("name");
        var role = p.String("role");
        if (slugValue is null && name is null) throw Required(p.Origin, p.Field("expert"), "is required (the expert's slug)");
        if (slugValue is not null) ExpertDecider.ValidateSlug(slugValue, p.Field("expert"));
        var outcome = p.Outcome("outcome", required: false) ?? d.Outcome
            ?? throw Required(p.Origin, p.Field("outcome"), "is required (success, partial or failure)");
        // Lists given on the participant win; otherwise the report-level lists apply to every participant.
        IReadOnlyList<string> Pick(string name) => p.Has(name) ? p.Strings(name) : report.Strings(name);
        return new Participant(new ExpertRef(slugValue, name, role), outcome, p.ErrorsFixed("errorsFixed") ?? d.ErrorsFixed,
            Pick("whatWorked"), Pick("whatToImprove"), Pick("newKnowledge"),
            p.Has("problems") ? Problems(p) : Problems(report), Pick("materials"), Pick("practicesApplied"));
    }

    private static List<ProblemSolution> Problems(Reader r) =>
        r.Array("problems", required: false, r.Limits.MaxItemsPerParticipant, nameof(ReportLimits.MaxItemsPerParticipant)).Select((e, i) =>
        {
            var pr = r.Child(e, r.Field($"problems[{i}]"));
            if (e.ValueKind == JsonValueKind.String) return new ProblemSolution(pr.CheckLength(pr.Text(e, pr.Path), pr.Path), "");
            return new ProblemSolution(pr.RequiredString("problem"), pr.String("solution") ?? "");
        }).ToList();

    private static TaskReport ParseAtra(Reader r)
    {
        var origin = r.Origin;
        var taskId = ValidateId(r.RequiredString("task_id", identifier: true), origin, "task_id");
        var started = r.Started("overall_outcome") || r.Started("overall_status");
        var outcome = started ? Outcome.Unknown : AtraOutcome(r);
        var metricsErrors = r.Element.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object
            ? r.Child(m, "metrics").ErrorsFixed("errors_fixed") : null;
        var lessons = r.Strings("lessons_learned");
        var summary = TaskSummary.Of(r.Strings("overall_what_worked"), r.Strings("overall_what_to_improve"), r.Strings("overall_new_knowledge"));
        var experts = r.Array("experts", required: true, r.Limits.MaxParticipants, nameof(ReportLimits.MaxParticipants));
        var used = new List<(string, IReadOnlyList<string>)> { ("used_items", r.Strings("used_items")) };
        var participants = experts.Select((e, i) =>
        {
            var p = r.Child(e, $"experts[{i}]");
            // An expert's used_items mean what the report's do (the task's outcome applies to each item): one list.
            used.Add((p.Field("used_items"), p.Strings("used_items")));
            var name = p.String("expert") ?? p.String("name") ?? throw Required(origin, p.Field("expert"), "is required (the expert's display name)");
            var role = p.String("role");
            var slug = p.String("slug", identifier: true);
            if (slug is not null) ExpertDecider.ValidateSlug(slug, p.Field("slug"));
            var knowledge = p.Strings("new_knowledge").Concat(KnowledgeUpdates(p)).Concat(lessons).ToList();
            // lessons_learned reach every expert, so the sum is bounded too, not only each list.
            p.CheckCount(knowledge.Count, p.Field("new_knowledge"), r.Limits.MaxItemsPerParticipant, nameof(ReportLimits.MaxItemsPerParticipant),
                "knowledge items (new_knowledge, knowledge_updates and lessons_learned together)");
            return new Participant(new ExpertRef(slug, name, role), p.Outcome("outcome", required: false) ?? outcome,
                p.ErrorsFixed("errors_fixed") ?? 0, p.Strings("what_worked"), p.Strings("what_to_improve"), knowledge,
                [], p.Strings("materials"), p.Strings("practices_applied"));
        }).ToList();
        if (participants.Count == 0) throw Error(origin, "experts", "the list is empty; a retrospective needs at least one expert", ErrorCodes.ListEmpty);
        if (metricsErrors is { } total && participants.All(p => p.ErrorsFixed == 0))
            participants[0] = participants[0] with { ErrorsFixed = total };
        return new TaskReport(taskId, r.String("task_name") ?? taskId, r.String("task_description") ?? "",
            r.Date("completed_at") ?? throw Required(origin, "completed_at", "is required (an ISO 8601 date-time)"),
            r.Duration("duration_minutes"), participants, r.Strings("tags"), r.Bool("is_case") ?? false, ReportFormats.Atra)
        {
            Summary = summary,
            UsedItems = UsedItems(origin, used),
            Measurements = ReportMetrics.Read(r, "metrics"),
            InProgress = started,
        };
    }

    private static List<string> KnowledgeUpdates(Reader p) =>
        p.Array("knowledge_updates", required: false, p.Limits.MaxItemsPerParticipant, nameof(ReportLimits.MaxItemsPerParticipant)).Select((e, i) => e.ValueKind switch
        {
            JsonValueKind.String => p.CheckLength(p.Text(e, p.Field($"knowledge_updates[{i}]")), p.Field($"knowledge_updates[{i}]")),
            JsonValueKind.Object => p.Child(e, p.Field($"knowledge_updates[{i}]")).String("text")
                ?? p.Child(e, p.Field($"knowledge_updates[{i}]")).RequiredString("knowledge"),
            _ => throw Error(p.Origin, p.Field($"knowledge_updates[{i}]"), $"expected a string or an object, found {Describe(e.ValueKind)}", ErrorCodes.FieldNotStringOrObject),
        }).ToList();

    private static Outcome AtraOutcome(Reader r)
    {
        if (r.Outcome("overall_outcome", required: false) is { } o) return o;
        if (r.Outcome("overall_status", required: false) is { } s) return s;
        if (r.Bool("overall_success") is { } ok) return ok ? Outcome.Success : Outcome.Failure;
        // Not stated is not a success: counted neither way, and the render says how many tasks it left unknown.
        return Outcome.Unknown;
    }

    private static string ValidateId(string id, string origin, string field)
    {
        if (id.Length > 200 || id.Any(char.IsControl)) throw Error(origin, field, "must be at most 200 printable characters", ErrorCodes.IdentifierInvalid, "200");
        return id.Trim();
    }

    /// <summary>ISO 8601 with a time and an explicit offset or Z: <c>2026-03-02T14:00:00Z</c>, <c>2026-03-02T14:00+03:00</c>.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();

    /// <summary>
    /// A field's problem: the English <paramref name="problem"/> in the message, and the <paramref name="code"/> with the
    /// file, the field and <paramref name="more"/> arguments it is worded from (<see cref="ErrorCodes"/>).
    /// </summary>
    internal static InputException Error(string origin, string field, string problem, string code, params string[] more) =>
        new InputException($"{origin}: field '{field}' {problem}.", field).WithCode(code, [origin, field, .. more]);

    /// <summary>A field's text refused by the text policy (<see cref="TextPolicy.Check"/>).</summary>
    internal static InputException Refused(string origin, string field, TextViolation violation) =>
        TextPolicy.Refusal(violation, field, $"{origin}: field '{field}' {violation.Problem}.", origin);

    /// <summary>A missing field: the English <paramref name="problem"/> says what it takes; the code names file and field.</summary>
    internal static InputException Required(string origin, string field, string problem) =>
        Error(origin, field, problem, ErrorCodes.FieldRequired);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    /// <summary>Typed, validated access to one JSON object, remembering its path for messages.</summary>
    internal readonly record struct Reader(JsonElement Element, string Origin, string Path, ReportLimits? LimitsOrDefault = null)
    {
        public ReportLimits Limits => LimitsOrDefault ?? ReportLimits.Default;

        public Reader Child(JsonElement element, string path) => new(element, Origin, path, LimitsOrDefault);

        public string Field(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

        /// <summary>A JSON string under the text policy; an escaped unpaired surrogate (<c>"\ud800"</c>) is an input error, not a crash.</summary>
        public string Text(JsonElement e, FieldPath field, bool identifier = false)
        {
            string raw;
            try
            {
                raw = e.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw Error(Origin, field.ToString(), "contains an unpaired surrogate (a \\uD800–\\uDFFF escape without its pair)", ErrorCodes.TextUnpairedSurrogate);
            }
            // Checked here, so the policy's own check below passes and its field name is never needed.
            return TextPolicy.Check(raw, identifier) is { } problem
                ? throw Refused(Origin, field.ToString(), problem)
                : identifier ? TextPolicy.Identifier(raw, field.Name) : TextPolicy.Text(raw, field.Name);
        }

        public void CheckCount(int count, FieldPath field, int max, string limit, string what)
        {
            if (count > max)
            {
                var named = field.ToString();
                throw new LimitExceededException($"{Origin}: field '{named}' has {count:N0} {what}; the limit is {max:N0} ({limit}).", named, limit, max);
            }
        }

        public bool Has(string name) => Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

        private JsonElement? Get(string name) =>
            Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        public string CheckLength(string value, FieldPath field) =>
            value.Length > Limits.MaxTextLength
                ? throw new LimitExceededException($"{Origin}: field '{field}' is {value.Length:N0} characters; the limit is {Limits.MaxTextLength:N0} (MaxTextLength).",
                    field.ToString(), nameof(ReportLimits.MaxTextLength), Limits.MaxTextLength)
                : value;

        public string? String(string name, bool identifier = false)
        {
            if (Get(name) is not { } v) return null;
            if (v.ValueKind != JsonValueKind.String)
                throw Error(Origin, Field(name), $"must be a string, found {Describe(v.ValueKind)}", ErrorCodes.FieldNotString);
            var field = new FieldPath(Path, name);
            var s = Text(v, field, identifier).Trim();
            return s.Length == 0 ? null : CheckLength(s, field);
        }

        public string RequiredString(string name, bool identifier = false) => String(name, identifier) ?? throw Required(Origin, Field(name), "is required");

        /// <summary>Errors fixed by one participant in one task: 0 to <see cref="ReportLimits.MaxErrorsFixed"/>.</summary>
        public int? ErrorsFixed(string name) => Int(name, Limits.MaxErrorsFixed);

        /// <summary>A task's duration in minutes: 0 to <see cref="ReportLimits.MaxDurationMinutes"/>.</summary>
        public int? Duration(string name) => Int(name, Limits.MaxDurationMinutes);

        public int? Int(string name, int max = int.MaxValue)
        {
            if (Get(name) is not { } v) return null;
            long n = -1;
            var whole = v.ValueKind == JsonValueKind.Number ? v.TryGetInt64(out n)
                : v.ValueKind == JsonValueKind.String && long.TryParse(Text(v, Field(name)), NumberStyles.None, CultureInfo.InvariantCulture, out n);
            if (whole && n >= 0 && n <= max) return (int)n;
            throw Error(Origin, Field(name), $"must be a whole number from 0 to {max.ToString("N0", CultureInfo.InvariantCulture)}",
                ErrorCodes.FieldNotWholeNumber, max.ToString("N0", CultureInfo.InvariantCulture));
        }

        public bool? Bool(string name)
        {
            if (Get(name) is not { } v) return null;
            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(v.GetString(), out var b) => b,
                _ => throw Error(Origin, Field(name), "must be true or false", ErrorCodes.FieldNotBoolean),
            };
        }

        public DateTimeOffset? Date(string name)
        {
            if (String(name) is not { } s) return null;
            // ISO 8601 with an offset only: "03/04/2026" is March or April depending on who reads it, "12:00" has no day.
            if (IsoDateTime().IsMatch(s)
                && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var d)) return d;
            throw Error(Origin, Field(name), $"'{s}' is not a date-time in ISO 8601 with an offset (e.g. 2026-03-02T14:00:00Z or 2026-03-02T17:00:00+03:00)",
                ErrorCodes.FieldNotDate, s);
        }

        public Events.Outcome? Outcome(string name, bool required)
        {
            var s = String(name);
            if (s is null) return required ? throw Required(Origin, Field(name), "is required (success, partial or failure)") : null;
            // Under way is said of the whole task (the report's own outcome), never of one participant of a finished report.
            if (TaskStarts.IsStartWord(s))
                throw Error(Origin, Field(name), $"says '{s}', but a participant cannot be in progress alone: give the report's own outcome as in_progress",
                    ErrorCodes.ParticipantInProgress, s);
            return Outcomes.Parse(s) ?? throw Error(Origin, Field(name), $"has unknown outcome '{s}' (expected success, partial or failure)",
                ErrorCodes.UnknownOutcome, s, "success, partial, failure");
        }

        /// <summary>True when the field is an outcome saying the task is still under way (<see cref="TaskStarts.Words"/>).</summary>
        public bool Started(string name) => TaskStarts.IsStartWord(String(name));

        public IEnumerable<JsonElement> Array(string name, bool required, int max = int.MaxValue, string limit = "")
        {
            if (Get(name) is not { } v)
                return required ? throw Required(Origin, Field(name), "is required (a list)") : [];
            if (v.ValueKind != JsonValueKind.Array) throw Error(Origin, Field(name), $"must be a list, found {Describe(v.ValueKind)}", ErrorCodes.FieldNotList);
            CheckCount(v.GetArrayLength(), new FieldPath(Path, name), max, limit, "entries");
            return v.EnumerateArray().ToList();
        }

        public IReadOnlyList<string> Strings(string name)
        {
            if (Get(name) is not { } v) return [];
            var list = new FieldPath(Path, name);
            if (v.ValueKind == JsonValueKind.String) return Text(v, list).Trim() is { Length: > 0 } one ? [CheckLength(one, list)] : [];
            if (v.ValueKind != JsonValueKind.Array) throw Error(Origin, Field(name), $"must be a list of strings, found {Describe(v.ValueKind)}", ErrorCodes.FieldNotList);
            CheckCount(v.GetArrayLength(), list, Limits.MaxItemsPerParticipant, nameof(ReportLimits.MaxItemsPerParticipant), "entries");
            var strings = new List<string>();
            var i = 0;
            foreach (var e in v.EnumerateArray())
            {
                var field = list with { Index = i++ };
                if (e.ValueKind != JsonValueKind.String) throw Error(Origin, field.ToString(), $"must be a string, found {Describe(e.ValueKind)}", ErrorCodes.FieldNotString);
                var s = Text(e, field).Trim();
                if (s.Length > 0) strings.Add(CheckLength(s, field));
            }
            return strings;
        }
    }

    /// <summary>
    /// A field's path as a message names it (<c>participants[0].newKnowledge[7]</c>), built only when a message is: every
    /// field of every report is read, and on the happy path no path is ever shown. A plain string is a path already built.
    /// </summary>
    /// <param name="Parent">The path of the object holding the field, empty at the top.</param>
    /// <param name="Name">The field's name (or the whole path, from a string).</param>
    /// <param name="Index">The entry of a list, or -1 for the field itself.</param>
    internal readonly record struct FieldPath(string Parent, string Name, int Index = -1)
    {
        public static implicit operator FieldPath(string path) => new("", path);

        public override string ToString()
        {
            var field = Parent.Length == 0 ? Name : $"{Parent}.{Name}";
            return Index < 0 ? field : $"{field}[{Index}]";
        }
    }
}
