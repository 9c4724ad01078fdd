using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace KnowledgeOs.Feeds;

/// <summary>
/// Parses RSS 2.0, Atom and JSON Feed documents from text. Anything else (an HTML page, broken XML, JSON that is
/// not a feed) is an <see cref="InputException"/> saying what was received, so one bad source is reported and
/// skipped while the others go on. DTDs are refused (no entity expansion), and the size is bounded by the caller.
/// </summary>
public static partial class FeedParser
{
    /// <summary>Longest title or summary kept, in characters.</summary>
    public const int MaxText = 2_000;

    /// <summary>Parses a feed; <paramref name="mediaType"/> is the response's content type, if any; <paramref name="origin"/> names it in messages.</summary>
    public static FeedDocument Parse(string content, string? mediaType, string origin)
    {
        var text = content.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.Length == 0) throw InputException.Of($"{origin}: the response is empty, not a feed.", origin, ErrorCodes.FeedEmpty, origin);
        var type = mediaType?.ToLowerInvariant() ?? "";
        if (type.Contains("html", StringComparison.Ordinal) && !type.Contains("xhtml", StringComparison.Ordinal) || LooksLikeHtml(text))
            throw InputException.Of($"{origin}: returned an HTML page ({(type.Length > 0 ? type : "no content type")}), not a feed (RSS 2.0, Atom or JSON Feed).", origin,
                ErrorCodes.FeedIsHtml, origin);
        if (text[0] is '{' or '[' || type.Contains("json", StringComparison.Ordinal)) return ParseJson(text, origin);
        return ParseXml(text, origin);
    }

    private static bool LooksLikeHtml(string text)
    {
        var head = text.Length > 512 ? text[..512] : text;
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    private static FeedDocument ParseXml(string text, string origin)
    {
        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0 };
            using var reader = XmlReader.Create(new StringReader(text), settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new InputException($"{origin}: invalid XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}", origin, ex)
                .WithCode(ErrorCodes.FeedXmlInvalid, origin, ex.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.LinePosition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var root = doc.Root!;
        XNamespace atom = "http://www.w3.org/2005/Atom";
        if (root.Name.LocalName == "rss") return Rss(root, origin);
        if (root.Name == atom + "feed") return Atom(root, atom);
        if (root.Name.LocalName == "html") throw InputException.Of($"{origin}: returned an HTML page, not a feed.", origin, ErrorCodes.FeedIsHtml, origin);
        throw InputException.Of($"{origin}: XML with root <{root.Name.LocalName}> is not a feed (expected <rss> or Atom <feed>).", origin,
            ErrorCodes.FeedRootUnknown, origin, root.Name.LocalName);
    }

    private static FeedDocument Rss(XElement root, string origin)
    {
        var channel = root.Element("channel") ?? throw InputException.Of($"{origin}: RSS without a <channel>.", origin, ErrorCodes.FeedRssNoChannel, origin);
        var entries = channel.Elements("item").Select(i =>
        {
            var link = Value(i.Element("link"));
            var title = Plain(Value(i.Element("title")));
            var id = Value(i.Element("guid")) ?? link ?? title;
            return new FeedEntry(id, title, link, Plain(Value(i.Element("description"))), Date(Value(i.Element("pubDate"))),
                [.. i.Elements("category").Select(c => Plain(c.Value)).Where(c => c.Length > 0)]);
        });
        return new FeedDocument("rss", Plain(Value(channel.Element("title"))), Usable(entries));
    }

    private static FeedDocument Atom(XElement root, XNamespace atom)
    {
        var entries = root.Elements(atom + "entry").Select(e =>
        {
            var link = e.Elements(atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate")?.Attribute("href")?.Value;
            var title = Plain(Value(e.Element(atom + "title")));
            return new FeedEntry(Value(e.Element(atom + "id")) ?? link ?? title, title, link,
                Plain(Value(e.Element(atom + "summary")) ?? Value(e.Element(atom + "content"))),
                Date(Value(e.Element(atom + "published")) ?? Value(e.Element(atom + "updated"))),
                [.. e.Elements(atom + "category").Select(c => Plain((string?)c.Attribute("label") ?? (string?)c.Attribute("term"))).Where(c => c.Length > 0)]);
        });
        return new FeedDocument("atom", Plain(Value(root.Element(atom + "title"))), Usable(entries));
    }

    private static FeedDocument ParseJson(string text, string origin)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new InputException($"{origin}: invalid JSON at line {(ex.LineNumber ?? 0) + 1}: not a JSON Feed.", origin, ex)
                .WithCode(ErrorCodes.FeedJsonInvalid, origin, ((ex.LineNumber ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array
                || !(Str(root, "version") ?? "").Contains("jsonfeed.org", StringComparison.OrdinalIgnoreCase))
                throw InputException.Of($"{origin}: JSON that is not a JSON Feed (needs \"version\": \"https://jsonfeed.org/version/1.1\" and \"items\").", origin,
                    ErrorCodes.FeedJsonNotFeed, origin);
            var entries = items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(i =>
            {
                var link = Str(i, "url") ?? Str(i, "external_url");
                var title = Plain(Str(i, "title"));
                var tags = i.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
                    ? t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => Plain(x.GetString())).Where(x => x.Length > 0).ToList()
                    : [];
                return new FeedEntry(Str(i, "id") ?? link ?? title, title, link,
                    Plain(Str(i, "summary") ?? Str(i, "content_text") ?? Str(i, "content_html")),
                    Date(Str(i, "date_published") ?? Str(i, "date_modified")), tags);
            });
            return new FeedDocument("json", Plain(Str(root, "title")), Usable(entries));
        }
    }

    private static List<FeedEntry> Usable(IEnumerable<FeedEntry> entries) => [.. entries.Where(e => e.Title.Length > 0)];

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Value(XElement? e) => e is null ? null : e.Value.Trim() is { Length: > 0 } v ? v : null;

    private static DateTimeOffset? Date(string? s) =>
        s is not null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            ? d : null;

    /// <summary>Plain text: HTML tags removed, entities decoded, whitespace collapsed, length bounded.</summary>
    public static string Plain(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        var text = WebUtility.HtmlDecode(Tags().Replace(html, " "));
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= MaxText ? text : text[..(MaxText - 1)] + "…";
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
