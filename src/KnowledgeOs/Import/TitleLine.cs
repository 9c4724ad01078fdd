using System.Text.RegularExpressions;

namespace KnowledgeOs.Import;

/// <summary>What kind of document a title line opens.</summary>
public enum DocumentKind
{
    /// <summary>An expert's knowledge base (<c># 📚 БАЗА ЗНАНИЙ: Name (Role)</c>).</summary>
    KnowledgeBase,
    /// <summary>An expert's learning program (<c># 🎓 ПРОГРАММА ОБУЧЕНИЯ: Name (Role)</c>).</summary>
    LearningProgram,
}

/// <summary>Reads the title line <c># 📚 БАЗА ЗНАНИЙ: Name (Role)</c> (or its English form, or a program's).</summary>
internal static partial class TitleLine
{
    /// <summary>A title that was read.</summary>
    /// <param name="Kind">Knowledge base or program, when the prefix says; null when there is no prefix.</param>
    /// <param name="Name">Display name.</param>
    /// <param name="Role">Role, or null when the title has none.</param>
    public sealed record Title(DocumentKind? Kind, string Name, string? Role);

    /// <summary>Reads a heading as a title; false when it is not one (no known prefix and no <c>(Role)</c>).</summary>
    public static bool TryRead(string heading, out Title title)
    {
        title = new Title(null, "", null);
        var text = LeadingSymbols().Replace(heading, "").Trim();
        DocumentKind? kind = null;
        var prefix = Prefix().Match(text);
        if (prefix.Success)
        {
            kind = prefix.Groups["kb"].Success ? DocumentKind.KnowledgeBase : DocumentKind.LearningProgram;
            text = text[prefix.Length..].Trim();
        }
        var m = NameRole().Match(text);
        if (m.Success)
        {
            title = new Title(kind, m.Groups["name"].Value.Trim(), m.Groups["role"].Value.Trim());
            return title.Name.Length > 0 && title.Role!.Length > 0;
        }
        if (kind is null) return false;
        title = new Title(kind, text.Trim(), null);
        return true;
    }

    [GeneratedRegex(@"^[^\p{L}\p{N}]+")]
    private static partial Regex LeadingSymbols();

    [GeneratedRegex(@"^(?:(?<kb>БАЗА\s+ЗНАНИЙ|KNOWLEDGE\s+BASE)|(?<lp>ПРОГРАММА\s+ОБУЧЕНИЯ|LEARNING\s+PROGRAM))\s*(?:[:—–-]\s*|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    // NonBacktracking: linear in the line's length. With backtracking, a title of a few thousand spaces and no "(" took
    // seconds (every split of the run between name and \s* was tried); the fuzzer found it.
    [GeneratedRegex(@"^(?<name>.+?)\s*\((?<role>[^()]*)\)\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex NameRole();
}
