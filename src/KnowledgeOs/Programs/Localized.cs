namespace KnowledgeOs.Programs;

/// <summary>A short text in the two languages programs render in.</summary>
/// <param name="Ru">Russian, the language of the ATRA documents.</param>
/// <param name="En">English.</param>
public sealed record Localized(string Ru, string En)
{
    /// <summary>The text in a language.</summary>
    public string In(bool english) => english ? En : Ru;

    /// <summary>Joins several texts with a separator in each language.</summary>
    public static Localized Join(string separator, IEnumerable<Localized> parts)
    {
        var list = parts.ToList();
        return new(string.Join(separator, list.Select(p => p.Ru)), string.Join(separator, list.Select(p => p.En)));
    }
}
