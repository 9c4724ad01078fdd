using System.Globalization;
using System.Net;
using System.Text;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// The few helpers every dashboard page builds its HTML with. Everything that came from a user or the store goes
/// through <see cref="E"/> (text and double-quoted attributes) or <see cref="U"/> (a path segment or query value).
/// </summary>
internal static class Html
{
    /// <summary>HTML-encodes text for an element or a double-quoted attribute (&lt; &gt; &amp; " ' are escaped).</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Escapes a path segment or a query value; the result is also safe inside an attribute.</summary>
    public static string U(string? value) => Uri.EscapeDataString(value ?? "");

    /// <summary>A time as the dashboard shows it (UTC, to the second), the same as the script shows live events.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>An integer as text.</summary>
    public static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A long as text.</summary>
    public static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The address of a team's overview.</summary>
    public static string TeamUrl(string team) => "/ui/teams/" + U(team);

    /// <summary>The address of an expert's page.</summary>
    public static string ExpertUrl(string team, string slug) => TeamUrl(team) + "/experts/" + U(slug);

    /// <summary>
    /// The <c>lang</c> attribute (with its leading space) for text shown on an English page: <c> lang="ru"</c> when it is
    /// mostly Cyrillic, none otherwise, so a screen reader reads a Russian item with Russian rules.
    /// </summary>
    public static string Lang(string? text) => Lang(text, Rendering.RenderLanguage.En);

    /// <summary>
    /// The <c>lang</c> attribute (with its leading space) for text shown on a page in <paramref name="page"/>: the text's
    /// own language when it differs from the page's, none when it is the same.
    /// </summary>
    public static string Lang(string? text, Rendering.RenderLanguage page)
    {
        var own = LanguageOf(text);
        return own == (page == Rendering.RenderLanguage.En ? "en" : "ru") || string.IsNullOrWhiteSpace(text) ? "" : $" lang=\"{own}\"";
    }

    /// <summary>ru when the text has more Cyrillic letters than Latin ones, else en.</summary>
    public static string LanguageOf(string? text)
    {
        int cyrillic = 0, latin = 0;
        foreach (var c in text ?? "")
        {
            if (c is >= '\u0400' and <= '\u04FF') cyrillic++;
            else if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z')) latin++;
        }
        return cyrillic > latin ? "ru" : "en";
    }

    /// <summary>
    /// An error as a page shows it: the catalog's lead in the page's language (what kind, which field) and the domain's
    /// own message, which names the file, line and field in English (the same text as problem+json and the CLI's stderr).
    /// On a Russian page that message is the detail under the lead and says it is English; on an English page it is the error itself.
    /// </summary>
    public static string Problem(KnowledgeOsException error, Rendering.DashboardLabels l)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(l);
        var field = (error as InputException)?.Field;
        if (l.Language == Rendering.RenderLanguage.En)
            return $"<p class=\"error\" role=\"alert\">{E(error.Message + (field is { Length: > 0 } f ? $" ({l.Field} '{f}')" : ""))}</p>\n";
        // An error with a Russian wording (ErrorLabels) says it in Russian; any other keeps its English message, marked as such.
        var detail = Rendering.ErrorLabels.Text(error, l.Language) is { } worded
            ? $"<p class=\"muted\">{MarkLatinArgs(E(worded), error.Args)}</p>\n"
            : $"<p class=\"muted\" lang=\"en\">{E(error.Message)}</p>\n";
        return $"<p class=\"error\" role=\"alert\">{E(l.Problem(error is NotFoundException, field))}</p>\n" + detail;
    }

    /// <summary>
    /// The values a worded error quotes as given (a field, a typed date or slug) in Latin letters, marked as English on a
    /// Russian page: they are the user's or the interface's words, not the catalog's.
    /// </summary>
    private static string MarkLatinArgs(string encoded, IReadOnlyList<string> args)
    {
        var latin = args.Where(a => a.Length >= 2 && a.Any(char.IsAsciiLetter) && !a.Any(c => c is >= '\u0400' and <= '\u04FF'))
            .Select(E).Distinct(StringComparer.Ordinal).OrderByDescending(a => a.Length).ToList();
        if (latin.Count == 0) return encoded;
        var pattern = string.Join('|', latin.Select(System.Text.RegularExpressions.Regex.Escape));
        return System.Text.RegularExpressions.Regex.Replace(encoded, pattern, m => $"<span lang=\"en\">{m.Value}</span>");
    }

    /// <summary>The start of a table that scrolls sideways inside its own box on a narrow screen, so cells never break a word and
    /// the page never scrolls sideways (dashboard.css, <c>.wide</c>); focusable, so a keyboard can scroll it.</summary>
    public const string WideStart = "<div class=\"wide\" tabindex=\"0\">";

    /// <summary>The end of a <see cref="WideStart"/> table.</summary>
    public const string WideEnd = "</tbody>\n</table></div>\n";

    /// <summary>Appends a table header row.</summary>
    public static StringBuilder Header(this StringBuilder sb, params string[] columns)
    {
        sb.Append("<thead><tr>");
        foreach (var c in columns) sb.Append("<th scope=\"col\">").Append(E(c)).Append("</th>");
        return sb.Append("</tr></thead>\n");
    }
}
