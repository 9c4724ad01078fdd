using System.Text.RegularExpressions;
using KnowledgeOs.Text;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>Metric claims: <c>Label: value</c> lines under the metrics heading, kos's claims block, or a footer.</summary>
internal static partial class ClaimReader
{
    /// <summary>One claim line; under kos's claims block it is a claim of each of the block's sources.</summary>
    public static void Claim(KnowledgeParseState state, string text)
    {
        var clean = TextKey.Clean(text);
        string label, value;
        if (MarkdownText.TryField(text, out var l, out var v)) (label, value) = (TextKey.Clean(l), TextKey.Clean(v));
        else
        {
            var cut = clean.IndexOf(':', StringComparison.Ordinal);
            (label, value) = cut > 0 ? (clean[..cut].Trim(), clean[(cut + 1)..].Trim()) : (clean, "");
        }
        // A figure kos rendered once for several documents (`a`, `b`) is a claim of each of them.
        var sources = state.Context == ParseContext.Claims ? state.ClaimSources : null;
        if (sources is null or { Count: 0 }) state.Claims.Add((label, value, null));
        else foreach (var source in sources) state.Claims.Add((label, value, source));
    }

    /// <summary>Lines of kos's claims block: an <c>Источник:</c> line names the sources of the claims after it.</summary>
    public static void ClaimsBlock(KnowledgeParseState state, IEnumerable<(string Text, int Line)> lines)
    {
        foreach (var (text, _) in lines)
        {
            if (MarkdownText.TryField(text, out var label, out var value) && TextKey.Of(label) is "источник" or "source")
                state.ClaimSources = SourceList(value);
            else Claim(state, text);
        }
    }

    /// <summary>The sources of kos's claims block: <c>`import:a.md`, `import:b.md`</c>, or one written bare.</summary>
    private static IReadOnlyList<string> SourceList(string value)
    {
        var quoted = QuotedSource().Matches(value).Select(m => m.Groups[1].Value.Trim()).Where(s => s.Length > 0).ToList();
        return quoted.Count > 0 ? quoted : [value.Trim().Trim('`').Trim()];
    }

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex QuotedSource();
}
