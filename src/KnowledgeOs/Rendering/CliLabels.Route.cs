using System.Globalization;

namespace KnowledgeOs.Rendering;

public sealed partial record CliLabels
{
    /// <summary>
    /// The "why" cell of a <c>kos route</c> row, worded from the routing's facts (the numbers and matched words as
    /// <see cref="Retrieval.ExpertRouting.Why"/> has them; its English line is the <c>--json</c> <c>why</c>).
    /// </summary>
    public string RouteWhy(Retrieval.RoutedExpert r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (English) return r.Why;
        var parts = new List<string>();
        if (r.MatchedItems > 0)
        {
            var shown = string.Join(", ", r.MatchedTerms.Take(5)) + (r.MatchedTerms.Count > 5 ? Inv($" и ещё {r.MatchedTerms.Count - 5}") : "");
            var bySection = string.Join(", ", r.Sections.Select(s =>
                (Sections.SectionCatalog.TryParse(s.Key, out var kind) ? RenderLabels.Ru.SectionName(kind) : s.Key) + ": " + s.Value.ToString(CultureInfo.InvariantCulture)));
            var items = Plural.Ru(r.MatchedItems, "записи", "записях", "записях");
            parts.Add(r.VectorItems == r.MatchedItems ? Inv($"найдено по смыслу: {r.MatchedItems} ({bySection})")
                : r.VectorItems > 0 ? Inv($"совпало {shown} в {items}, из них по смыслу: {r.VectorItems} ({bySection})")
                : $"совпало {shown} в {items} ({bySection})");
        }
        if (r.ProfileTerms.Count > 0) parts.Add("роль/теги/обязанности: " + string.Join(", ", r.ProfileTerms.Take(5)));
        if (r.SimilarTasks > 0)
        {
            var line = Inv($"успешных задач по теме: {r.SimilarSuccesses}");
            if (r.SimilarFailures > 0) line += Inv($", неудачных: {r.SimilarFailures}");
            if (r.SimilarPartials > 0) line += Inv($", частично: {r.SimilarPartials}");
            parts.Add(line + Inv($" (доля успеха {Math.Round(r.SuccessRate, 2)})"));
        }
        if (r.OpenTasks > 0) parts.Add(Inv($"открытых задач: {r.OpenTasks} (×{Math.Round(r.WorkloadFactor, 2)})"));
        parts.Add(Inv($"уровень {r.Level}"));
        if (r.Status == Events.ExpertStatus.Paused) parts.Add("на паузе");
        return string.Join("; ", parts);
    }
}
