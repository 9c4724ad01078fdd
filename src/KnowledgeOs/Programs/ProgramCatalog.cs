using System.Reflection;
using KnowledgeOs.Text;

namespace KnowledgeOs.Programs;

/// <summary>
/// The program templates in force: the built-in ones (the files of <c>templates/programs/</c>, embedded at build)
/// and any read from a folder, which replace built-in ones of the same id. A role gets the template that names
/// it (role or alias); every other role gets <c>generic</c>. Programs are assigned at read time, so a changed
/// template or role applies to every expert at once (docs/PROGRAMS.md).
/// </summary>
public sealed class ProgramCatalog
{
    private readonly Dictionary<string, ProgramTemplate> _byRole;

    private ProgramCatalog(IReadOnlyList<ProgramTemplate> templates)
    {
        Templates = templates;
        Generic = templates.FirstOrDefault(t => t.IsGeneric)
            ?? throw InputException.Of($"No '{ProgramTemplate.GenericId}.json' program template: every role without its own needs it.", ProgramTemplate.GenericId,
                ErrorCodes.ProgramGenericMissing, ProgramTemplate.GenericId + ".json");
        _byRole = new Dictionary<string, ProgramTemplate>(StringComparer.Ordinal);
        foreach (var t in templates.Where(t => !t.IsGeneric))
        {
            foreach (var name in t.Aliases.Prepend(t.Role))
            {
                var key = TextKey.Of(name);
                if (_byRole.TryGetValue(key, out var other) && other.Id != t.Id)
                    throw InputException.Of($"{t.Id}.json: role '{name}' is already the role of {other.Id}.json; a role has one program.", "role",
                        ErrorCodes.ProgramRoleTaken, t.Id + ".json", name, other.Id + ".json");
                _byRole[key] = t;
            }
        }
    }

    /// <summary>Every template, ordered by id.</summary>
    public IReadOnlyList<ProgramTemplate> Templates { get; }

    /// <summary>The fallback template.</summary>
    public ProgramTemplate Generic { get; }

    /// <summary>The program of a role: its own template, else the generic one.</summary>
    public ProgramTemplate ForRole(string? role) =>
        _byRole.TryGetValue(TextKey.Of(role), out var t) ? t : Generic;

    /// <summary>The built-in templates (embedded from <c>templates/programs/*.json</c>).</summary>
    public static ProgramCatalog Builtin { get; } = From(BuiltinFiles());

    /// <summary>Builds a catalogue from files (name, content); a later file with the same id replaces an earlier one.</summary>
    public static ProgramCatalog From(IEnumerable<(string FileName, string Json)> files)
    {
        var byId = new Dictionary<string, ProgramTemplate>(StringComparer.Ordinal);
        foreach (var (name, json) in files)
        {
            var t = ProgramTemplateReader.Parse(json, name);
            byId[t.Id] = t;
        }
        return new ProgramCatalog([.. byId.Values.OrderBy(t => t.Id, StringComparer.Ordinal)]);
    }

    /// <summary>The built-in files followed by <paramref name="overrides"/>, which win on the same id.</summary>
    public static ProgramCatalog WithOverrides(IEnumerable<(string FileName, string Json)> overrides) =>
        From(BuiltinFiles().Concat(overrides));

    /// <summary>The embedded template files (name, content).</summary>
    public static IEnumerable<(string FileName, string Json)> BuiltinFiles()
    {
        var assembly = typeof(ProgramCatalog).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("programs/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name["programs/".Length..], reader.ReadToEnd());
        }
    }
}
