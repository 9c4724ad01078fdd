using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Text;

namespace KnowledgeOs.Learning;

/// <summary>
/// A report's <c>metrics</c> object as typed measurements: a number stays a number (<c>max_drawdown_pct: 3.5</c>), a
/// string or a boolean is kept as text, a nested object is flattened to dotted names (<c>ml.roc_auc</c>). A list has
/// no single value and is an error naming its field, as is a metrics value that is not an object.
/// </summary>
internal static class ReportMetrics
{
    /// <summary>The measurements under <paramref name="name"/>, in the order written; null when there are none.</summary>
    public static IReadOnlyList<TaskMeasurement>? Read(ReportParser.Reader r, string name)
    {
        if (!r.Element.TryGetProperty(name, out var metrics) || metrics.ValueKind == JsonValueKind.Null) return null;
        if (metrics.ValueKind != JsonValueKind.Object) throw ReportParser.Error(r.Origin, r.Field(name), "must be an object of named measurements (\"errors_count\": 0)", ErrorCodes.FieldNotObject);
        var list = new List<TaskMeasurement>();
        Collect(r.Child(metrics, r.Field(name)), "", list);
        r.CheckCount(list.Count, r.Field(name), r.Limits.MaxItemsPerParticipant, nameof(ReportLimits.MaxItemsPerParticipant), "measurements");
        return list.Count == 0 ? null : list;
    }

    private static void Collect(ReportParser.Reader o, string prefix, List<TaskMeasurement> into)
    {
        foreach (var p in o.Element.EnumerateObject())
        {
            var field = o.Field(p.Name);
            // The shape check already refused a name with an unpaired surrogate; the text policy applies to names as to values.
            if (TextPolicy.Check(p.Name, identifier: false) is { } problem) throw ReportParser.Refused(o.Origin, field, problem);
            var key = o.CheckLength(TextPolicy.Text(p.Name, field).Trim(), field);
            if (key.Length == 0) throw ReportParser.Error(o.Origin, field, "has an empty name; name each measurement", ErrorCodes.MetricNameEmpty);
            var metric = prefix + key;
            var v = p.Value;
            switch (v.ValueKind)
            {
                case JsonValueKind.Number:
                    if (!v.TryGetDecimal(out var number)) throw ReportParser.Error(o.Origin, field, "is a number out of range", ErrorCodes.NumberOutOfRange);
                    into.Add(new TaskMeasurement(metric, Value: number));
                    break;
                case JsonValueKind.String:
                    into.Add(new TaskMeasurement(metric, Text: o.CheckLength(o.Text(v, field).Trim(), field)));
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    into.Add(new TaskMeasurement(metric, Text: v.ValueKind == JsonValueKind.True ? "true" : "false"));
                    break;
                case JsonValueKind.Object:
                    Collect(o.Child(v, field), metric + ".", into);
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    throw ReportParser.Error(o.Origin, field, "is a list; a measurement is a number or a text (or an object of them)", ErrorCodes.MetricIsList);
            }
        }
    }
}
