using System.Text.Json;
using KnowledgeOs.Text;

namespace KnowledgeOs.Learning;

/// <summary>
/// The fields a report may hold, per object, in both formats. A field outside them is an error that suggests the
/// nearest known one (a misspelled <c>newKnowlege</c> would otherwise be dropped in silence and the knowledge lost);
/// a key given twice is an error (JSON readers disagree on which one wins).
/// </summary>
internal sealed record ReportShape(IReadOnlyDictionary<string, ReportShape?> Fields, bool Open = false)
{
    private static readonly ReportShape Problem = Of(("problem", null), ("solution", null));
    private static readonly ReportShape AnyObject = new(new Dictionary<string, ReportShape?>(), Open: true);
    private static readonly ReportShape KnowledgeUpdate = Of(("text", null), ("knowledge", null));

    private static readonly (string, ReportShape?)[] NativeLists =
    [
        ("whatWorked", null), ("whatToImprove", null), ("newKnowledge", null), ("problems", Problem), ("materials", null), ("practicesApplied", null),
    ];

    /// <summary>A native report.</summary>
    public static readonly ReportShape Native = Of(
    [
        ("taskId", null), ("title", null), ("description", null), ("completedAt", null), ("durationMinutes", null), ("outcome", null),
        ("errorsFixed", null), ("tags", null), ("case", null), ("isCase", null), ("usedItems", null), ("metrics", AnyObject),
        ("participants", Of([("expert", null), ("slug", null), ("name", null), ("role", null), ("outcome", null), ("errorsFixed", null), .. NativeLists])),
        .. NativeLists,
    ]);

    /// <summary>An ATRA retrospective: every field its retrospective system writes is accepted, used today or not, and <c>used_items</c> (our <c>usedItems</c>).</summary>
    public static readonly ReportShape Atra = Of(
        ("task_id", null), ("task_name", null), ("task_description", null), ("completed_at", null), ("duration_minutes", null),
        ("experts", Of(("expert", null), ("name", null), ("role", null), ("slug", null), ("outcome", null), ("errors_fixed", null),
            ("what_worked", null), ("what_to_improve", null), ("new_knowledge", null), ("knowledge_updates", KnowledgeUpdate),
            ("materials", null), ("practices_applied", null), ("used_items", null))),
        ("overall_success", null), ("overall_outcome", null), ("overall_status", null), ("overall_what_worked", null),
        ("overall_what_to_improve", null), ("overall_new_knowledge", null), ("metrics", AnyObject), ("lessons_learned", null),
        ("tags", null), ("is_case", null), ("used_items", null));

    private static ReportShape Of(params (string Name, ReportShape? Shape)[] fields) =>
        new(fields.ToDictionary(f => f.Name, f => f.Shape, StringComparer.Ordinal));

    /// <summary>Checks an element against a shape (objects, and objects inside lists), and every object below it for duplicate keys.</summary>
    /// <exception cref="InputException">An unknown field or a duplicate key, naming its path.</exception>
    public static void Check(JsonElement element, ReportShape? shape, string origin, string path)
    {
        switch (element.ValueKind)
        {
            // A path is built only for a message or for a value with more to check inside (every report passes here,
            // and a string or number below has nothing to check).
            case JsonValueKind.Array:
                var i = 0;
                foreach (var e in element.EnumerateArray())
                {
                    if (e.ValueKind is JsonValueKind.Object or JsonValueKind.Array) Check(e, shape, origin, $"{path}[{i}]");
                    i++;
                }
                return;
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in element.EnumerateObject())
                {
                    var name = Name(p, origin, path);
                    if (!seen.Add(name)) throw ReportParser.Error(origin, Field(path, name), "is given twice; give each field once", ErrorCodes.FieldDuplicate);
                    ReportShape? child = null;
                    if (shape is { Open: false } && !shape.Fields.TryGetValue(name, out child))
                    {
                        var hint = EditDistance.Nearest(name, shape.Fields.Keys) is { } near ? $": did you mean '{near}'?" : "";
                        throw ReportParser.Error(origin, Field(path, name), $"is not a report field{hint}" + (hint.Length == 0 ? $" (known here: {string.Join(", ", shape.Fields.Keys)})" : ""),
                            ErrorCodes.FieldUnknown, string.Join(", ", shape.Fields.Keys));
                    }
                    if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) Check(p.Value, child, origin, Field(path, name));
                }
                return;
        }
    }

    private static string Field(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>True when the object has a field of one of these names; a name no string can hold is an input error.</summary>
    public static bool HasAnyField(JsonElement obj, string origin, params ReadOnlySpan<string> names)
    {
        foreach (var p in obj.EnumerateObject())
        {
            var name = Name(p, origin, "");
            foreach (var wanted in names)
                if (string.Equals(name, wanted, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static string Name(JsonProperty p, string origin, string path)
    {
        try
        {
            return p.Name;
        }
        catch (InvalidOperationException)
        {
            throw ReportParser.Error(origin, path.Length == 0 ? "$" : path, "has a field name with an unpaired surrogate", ErrorCodes.TextUnpairedSurrogate);
        }
    }
}
