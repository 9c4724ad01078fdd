using System.Globalization;

namespace KnowledgeOs.Rendering;

public sealed partial record CliLabels
{
    /// <summary><c>kos rebuild</c>: how much of the log was replayed.</summary>
    public string Replayed(long events, int streams) => English
        ? $"Replayed {events.ToString("N0", CultureInfo.InvariantCulture)} {Plural.EnForm(events, "event", "events")} into {Plural.En(streams, "knowledge base", "knowledge bases")}."
        : $"Воспроизведено {Plural.Ru(events, "событие", "события", "событий")} в {Plural.Ru(streams, "базу знаний", "базы знаний", "баз знаний")}.";

    /// <summary><c>kos rebuild</c>: whether the replay equals the stored projections, and which differed.</summary>
    public string RebuildCompared(IReadOnlyList<string> mismatches, bool written)
    {
        ArgumentNullException.ThrowIfNull(mismatches);
        var n = mismatches.Count;
        var which = string.Join(", ", mismatches);
        if (English)
            return n == 0 ? "Rebuilt projections equal the inline ones."
                : $"{Plural.En(n, "projection", "projections")} differed from the log: {which}" + (written ? " (now replaced by the rebuilt ones)." : ".");
        return n == 0 ? "Перестроенные проекции совпадают с записанными."
            : $"{Plural.Ru(n, "проекция отличалась", "проекции отличались", "проекций отличались")} от журнала: {which}"
              + (written ? " (теперь заменены перестроенными)." : ".");
    }

    /// <summary><c>kos expert merge</c>: the twin merged into the survivor, or already merged.</summary>
    public string Merged(string from, string into, int events)
    {
        if (events == 0)
            return English ? $"{from} is already merged into {into}; nothing changed." : $"{from} уже объединён с {into}; ничего не изменилось.";
        return English
            ? $"Merged {from} into {into} ({Plural.En(events, "event", "events")}); {from} is retired and its slug and names now lead to {into}."
            : $"{from} объединён с {into} ({Plural.Ru(events, "событие", "события", "событий")}); {from} выведен из работы, его код и имена теперь ведут к {into}.";
    }
}
