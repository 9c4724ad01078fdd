namespace KnowledgeOs.Rendering;

/// <summary>
/// Picks the words of one language from a label written once with both, Russian first (<c>b.Pick("Поиск", "Search")</c>),
/// so the catalogs (<see cref="RenderLabels"/>, <see cref="DashboardLabels"/>, <see cref="CliLabels"/>, <see cref="ProgramLabels"/>) hold each
/// label in one place instead of one block per language.
/// </summary>
/// <param name="Language">The language picked.</param>
public readonly record struct Bilingual(RenderLanguage Language)
{
    /// <summary>The Russian or the English text.</summary>
    public string Pick(string ru, string en) => Language == RenderLanguage.En ? en : ru;

    /// <summary>The Russian or the English list (table columns, card names).</summary>
    public IReadOnlyList<string> Pick(string[] ru, string[] en) => Language == RenderLanguage.En ? en : ru;
}
