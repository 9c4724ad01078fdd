using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Text;

namespace KnowledgeOs.Import;

/// <summary>
/// The names an imported file gives its expert, kept as aliases with the file as their source: the name in the
/// title (<c>Андрей</c> in <c>andrey_program.md</c> when the knowledge base says <c>Andrey</c>) and the file-name
/// slug (<c>yuliya</c> for a file whose title says <c>Елена</c>). Pure.
/// </summary>
public static class ImportAliases
{
    /// <summary>
    /// The decision with the alias events appended (none the expert already answers to), and a warning when the
    /// title's name and the file name disagree, saying which expert the file was kept under.
    /// </summary>
    public static ImportDecision With(ImportDecision decision, ExpertState? before, string slug, string titleName, string? fileSlug, string fileName, DateTimeOffset at)
    {
        var state = ExpertState.Fold(before, decision.Events);
        if (state is null) return decision;
        var source = ImportSource.Of(fileName);
        var events = new List<KnowledgeEvent>(decision.Events);
        var warnings = new List<ImportWarning>(decision.Warnings);
        foreach (var (alias, kind) in new[] { (titleName, AliasKind.Title), (fileSlug, AliasKind.File) })
        {
            if (string.IsNullOrWhiteSpace(alias)) continue;
            var added = ExpertDecider.AddAlias(state, alias, kind, source, at);
            foreach (var e in added) state = ExpertState.Evolve(state, e);
            events.AddRange(added);
        }
        if (fileSlug is not null && titleName.Length > 0 && Transliteration.NameKey(titleName) != Transliteration.NameKey(fileSlug))
        {
            warnings.Add(ImportWarning.Of(1,
                $"the title names '{titleName}' but the file name says '{fileSlug}': kept as expert '{slug}' ({state.DisplayName}, {state.Role}); both names are its aliases",
                "title-and-file-name-differ", titleName, fileSlug, slug, state.DisplayName, state.Role));
        }
        return decision with { Events = events, Warnings = warnings };
    }
}
