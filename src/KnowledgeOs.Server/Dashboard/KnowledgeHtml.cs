using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// A rendered knowledge base (Markdown, docs/RENDERING.md) as HTML. Raw HTML in the Markdown is shown as text, and a
/// link may only go to http, https, mailto or a relative address: item texts come from reports anyone with a write key sends.
/// </summary>
public static class KnowledgeHtml
{
    // Pipe tables and strikethrough are all the renderer writes; no generic attributes (they would allow on* attributes).
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .DisableHtml()
        .Build();

    /// <summary>The HTML of a Markdown document.</summary>
    public static string ToHtml(string markdown)
    {
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses nesting past its depth limit; a stored item made of hundreds of "> " would otherwise
            // break this page for good (the log is append-only). Such a document is shown as plain, encoded text.
            return "<pre>" + System.Net.WebUtility.HtmlEncode(markdown) + "</pre>";
        }
        // The page has its one h1 (the expert's name): the document's title becomes an h2, its sections h3, and so on.
        foreach (var heading in document.Descendants<HeadingBlock>()) heading.Level = Math.Min(6, heading.Level + 1);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url)) link.Url = "#";
        }
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!link.IsEmail && !IsSafe(link.Url)) link.Url = "#";
        }
        // Raw HTML is off, so every <table> here is one the renderer wrote: wrap it to scroll sideways as the dashboard's own do.
        return document.ToHtml(Pipeline).Replace("<table>", Html.WideStart + "<table>", StringComparison.Ordinal)
            .Replace("</table>", "</table></div>", StringComparison.Ordinal);
    }

    /// <summary>True for an address a knowledge base may link to.</summary>
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        var trimmed = url.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var slash = trimmed.IndexOfAny(['/', '?', '#']);
        // No scheme (a colon only after the path starts): relative, stays on this server.
        if (colon < 0 || (slash >= 0 && slash < colon)) return true;
        var scheme = trimmed[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }
}
