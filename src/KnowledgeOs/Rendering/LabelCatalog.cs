namespace KnowledgeOs.Rendering;

/// <summary>How a catalog of fixed words is built in one language; <see cref="LabelCatalog{TSelf}"/> builds each language once with it.</summary>
/// <typeparam name="TSelf">The catalog.</typeparam>
public interface ILabelCatalog<TSelf>
{
    /// <summary>Every word of the catalog in <paramref name="language"/>.</summary>
    static abstract TSelf Catalog(RenderLanguage language);
}

/// <summary>
/// What every catalog of fixed words has (<see cref="RenderLabels"/>, <see cref="ProgramLabels"/>, <see cref="CliLabels"/>,
/// <see cref="DashboardLabels"/>, <see cref="PromptLabels"/>, <see cref="CycleLabels"/>): its Russian and its English
/// instance, each built once by the catalog's own <see cref="ILabelCatalog{TSelf}.Catalog"/>, the one of a language, and
/// the language an instance is in. A new catalog derives from it and words its labels; the choice of language stays here.
/// </summary>
/// <typeparam name="TSelf">The catalog.</typeparam>
public abstract record LabelCatalog<TSelf> where TSelf : LabelCatalog<TSelf>, ILabelCatalog<TSelf>
{
    /// <summary>Russian (the words of the ATRA documents where the catalog has them).</summary>
    public static TSelf Ru { get; } = TSelf.Catalog(RenderLanguage.Ru);

    /// <summary>English.</summary>
    public static TSelf En { get; } = TSelf.Catalog(RenderLanguage.En);

    /// <summary>The labels of a language.</summary>
    public static TSelf For(RenderLanguage language) => language == RenderLanguage.En ? En : Ru;

    /// <summary>The language these words are in.</summary>
    public required RenderLanguage Language { get; init; }

    /// <summary>Whether these words are English: a method of the catalog picks its sentence with it.</summary>
    protected bool English => Language == RenderLanguage.En;
}
