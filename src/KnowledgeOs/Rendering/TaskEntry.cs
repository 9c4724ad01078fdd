using KnowledgeOs.Experts;

namespace KnowledgeOs.Rendering;

/// <summary>
/// The task-level knowledge shown under a task's case entry: its description, what the report says of the task as
/// a whole, and its measurements, one labelled nested bullet each. The importer knows these labels, so a rendered
/// document read back does not turn them into case entries of their own.
/// </summary>
public static class TaskEntry
{
    private static readonly Dictionary<RenderLanguage, (string Description, string Worked, string ToImprove, string Learned, string Measurements)> Labels = new()
    {
        [RenderLanguage.Ru] = ("Описание", "Что сработало", "Что улучшить", "Новые знания", "Метрики задачи"),
        [RenderLanguage.En] = ("Description", "What worked", "What to improve", "New knowledge", "Task metrics"),
    };

    /// <summary>The nested lines of a task's entry, empty when the task holds no task-level knowledge.</summary>
    public static IEnumerable<string> Lines(TaskRecord? task, RenderLanguage lang)
    {
        if (task is null || !task.HasTaskKnowledge) yield break;
        var l = Labels[lang];
        if (task.Description is { Length: > 0 } d) yield return Line(l.Description, d);
        if (task.WhatWorked is { Count: > 0 } w) yield return Line(l.Worked, string.Join("; ", w));
        if (task.WhatToImprove is { Count: > 0 } i) yield return Line(l.ToImprove, string.Join("; ", i));
        if (task.NewKnowledge is { Count: > 0 } k) yield return Line(l.Learned, string.Join("; ", k));
        if (task.Measurements is { Count: > 0 } m) yield return Line(l.Measurements, string.Join(", ", m.Select(x => $"{x.Name} = {x.Shown}")));
    }

    /// <summary>True when a <c>**Label:** value</c> line carries one of these labels (in either language).</summary>
    public static bool IsDetailLabel(string label) =>
        Labels.Values.Any(l => label == l.Description || label == l.Worked || label == l.ToImprove || label == l.Learned || label == l.Measurements);

    private static string Line(string label, string value) => $"  - **{label}:** {string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}";
}
