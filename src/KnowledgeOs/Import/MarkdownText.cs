using System.Globalization;
using System.Text.RegularExpressions;
using KnowledgeOs.Text;
using Markdig;
using Markdig.Syntax;

namespace KnowledgeOs.Import;

/// <summary>Small text helpers shared by the document parsers: raw block text, <c>**Label:** value</c> fields, dates.</summary>
internal static partial class MarkdownText
{
    /// <summary>The Markdig pipeline both parsers use: CommonMark, nothing rendered, so no extension is needed.</summary>
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder().Build();

    /// <summary>
    /// Markdig's syntax tree of a document, or an input error a user can act on: for text holding an unpaired
    /// surrogate (text decoded from a file never does, <see cref="TextDecoder"/> replaces them, but a string from
    /// another caller may, and normalization cannot read it) and for nesting deeper than Markdig's limit.
    /// </summary>
    /// <exception cref="InputException">An unpaired surrogate, or nesting too deep, with the line.</exception>
    public static MarkdownDocument Parse(string source, string fileName)
    {
        for (var i = source.AsSpan().IndexOfAnyInRange('\ud800', '\udfff'); i >= 0 && i < source.Length; i++)
        {
            if (!char.IsSurrogate(source[i])) continue;
            if (char.IsHighSurrogate(source[i]) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                i++;
                continue;
            }
            var line = source.AsSpan(0, i).Count('\n') + 1;
            throw InputException.Of($"{fileName}: line {line}: an unpaired surrogate (U+{(int)source[i]:X4}) is not a character; nothing was read from the file.", $"line {line}",
                ErrorCodes.LineUnpairedSurrogate, fileName, line.ToString(System.Globalization.CultureInfo.InvariantCulture), $"U+{(int)source[i]:X4}");
        }
        try
        {
            return Markdown.Parse(source, Pipeline);
        }
        catch (ArgumentException ex)
        {
            // Markdig refuses nesting deeper than its limit (quotes or lists inside each other hundreds of times).
            throw new InputException($"{fileName}: the Markdown is nested too deeply to read ({LibraryMessage.FirstSentence(ex.Message)}); nothing was read from the file.", fileName, ex)
                .WithCode(ErrorCodes.MarkdownTooDeep, fileName);
        }
    }

    /// <summary>The source lines of a block, each trimmed, empty ones dropped.</summary>
    public static List<string> Lines(string source, Block block)
    {
        var span = block.Span;
        if (span.Start < 0 || span.End < span.Start) return [];
        var start = Math.Min(span.Start, source.Length);
        var end = Math.Min(span.End + 1, source.Length);
        // A block ends at the end of a line; Markdig can end an unclosed fence's first line early, inside an emoji of its
        // info string (👨‍🏫 joined by U+200D), which would keep half a character. The block keeps the rest of its line.
        if (end > start && source[end - 1] != '\n')
        {
            var lineEnd = source.IndexOf('\n', end);
            end = lineEnd < 0 ? source.Length : lineEnd;
        }
        var raw = source.AsSpan(start, end - start);
        var lines = new List<string>();
        foreach (var range in raw.Split('\n'))
        {
            var line = raw[range].Trim().ToString();
            if (line.Length > 0) lines.Add(line);
        }
        return lines;
    }

    /// <summary>A paragraph's text on one line.</summary>
    public static string Joined(string source, Block block) => string.Join(' ', Lines(source, block));

    /// <summary>The text of a heading without its <c>#</c> marks (ATX) or underline (setext).</summary>
    public static string HeadingText(string source, HeadingBlock heading)
    {
        var lines = Lines(source, heading);
        if (lines.Count == 0) return "";
        if (heading.IsSetext) return string.Join(' ', lines.Take(Math.Max(1, lines.Count - 1)));
        var text = AtxMarks().Replace(lines[0], "");
        return ClosingMarks().Replace(text, "").Trim();
    }

    /// <summary>Reads <c>**Label:** value</c> or <c>**Label**: value</c> (also with <c>__</c>).</summary>
    public static bool TryField(string line, out string label, out string value)
    {
        var m = BoldField().Match(line);
        if (m.Success)
        {
            label = m.Groups["label"].Value.Trim();
            value = m.Groups["value"].Value.Trim();
            return label.Length > 0;
        }
        label = value = "";
        return false;
    }

    /// <summary>A label → field map for <see cref="TryKnownField"/>: every label (Russian and English) keyed by <see cref="TextKey.Of"/>.</summary>
    public static Dictionary<string, string> KnownFields(params (string Field, string[] Labels)[] fields)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, labels) in fields)
            foreach (var label in labels) map[TextKey.Of(label)] = field;
        return map;
    }

    /// <summary>Reads a field whose label is one of <paramref name="known"/> keys, bold or plain (<c>Описание: …</c>).</summary>
    public static bool TryKnownField(string line, IReadOnlyDictionary<string, string> known, out string field, out string value)
    {
        field = value = "";
        if (TryField(line, out var label, out var v) && known.TryGetValue(TextKey.Of(label), out var f))
        {
            field = f;
            value = v;
            return true;
        }
        var m = PlainField().Match(line);
        if (m.Success && known.TryGetValue(TextKey.Of(m.Groups["label"].Value), out f))
        {
            field = f;
            value = m.Groups["value"].Value.Trim();
            return true;
        }
        return false;
    }

    /// <summary>
    /// Reads a date as old documents wrote it: <c>2025-12-10</c>, <c>2025-12-13 16:46:06 UTC</c>, <c>10.12.2025</c>, ISO 8601.
    /// A partial date (<c>2025-01-XX</c>, <c>2025-01</c>) reads as the first of the month and says so.
    /// </summary>
    public static bool TryDate(string? text, out DateTimeOffset date, out bool partial)
    {
        date = default;
        partial = false;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = TextKey.Clean(text).Trim('*', ' ');
        t = Regex.Replace(t, @"\s*(UTC|GMT|Z)$", "", RegexOptions.IgnoreCase);
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "dd.MM.yyyy", "dd.MM.yyyy HH:mm", "yyyy/MM/dd"];
        if (DateTime.TryParseExact(t, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
        {
            date = new DateTimeOffset(d, TimeSpan.Zero);
            return true;
        }
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            date = date.ToUniversalTime();
            return true;
        }
        var m = Regex.Match(t, @"^(?<y>\d{4})-(?<m>\d{2})(-(XX|xx|\?\?|ХХ|хх))?$");
        if (m.Success && int.TryParse(m.Groups["m"].Value, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
        {
            date = new DateTimeOffset(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), month, 1, 0, 0, 0, TimeSpan.Zero);
            partial = true;
            return true;
        }
        return false;
    }

    // NonBacktracking: linear in the line's length. With backtracking, "**" and a thousand spaces took seconds (label and
    // the \s* around it share the spaces: every split was tried); the fuzzer found it.
    [GeneratedRegex(@"^(?:\*\*|__)\s*(?<label>[^*_]+?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)\s*(?<value>.*)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex BoldField();

    [GeneratedRegex(@"^(?<label>[^:*]{1,40}):\s*(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainField();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s*")]
    private static partial Regex AtxMarks();

    // NonBacktracking: a long run of spaces not followed by '#' is otherwise tried from every start, quadratic.
    [GeneratedRegex(@"\s+#+\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex ClosingMarks();
}
