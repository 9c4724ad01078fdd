using System.Text.RegularExpressions;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Import;

/// <summary>What a heading of a knowledge base document opens.</summary>
internal enum HeadingMeaning
{
    /// <summary>A heading the parser does not know: kept verbatim as <see cref="SectionKind.Other"/>.</summary>
    Unknown,
    /// <summary>A top-level group whose sections come as sub-headings (<c>📖 ИЗУЧЕННЫЕ МАТЕРИАЛЫ</c>).</summary>
    Group,
    /// <summary>A section of items.</summary>
    Section,
    /// <summary>The responsibility and key duties.</summary>
    Responsibility,
    /// <summary>The <c>Ключевые обязанности</c> list under the responsibility.</summary>
    Duties,
    /// <summary>Claimed metrics (<c>📊 МЕТРИКИ ОБУЧЕНИЯ</c>).</summary>
    Metrics,
    /// <summary>The closing <c>🔄 ПОСТОЯННОЕ ОБУЧЕНИЕ</c> note: boilerplate and claimed status.</summary>
    Footer,
    /// <summary>The numbers imported documents claimed, as the renderer writes them under the metrics, per source.</summary>
    Claims,
    /// <summary>The group the renderer puts unknown sections under (<c>📎 ДРУГОЕ</c>): its sub-headings are the kept headings.</summary>
    OtherGroup,
}

/// <summary>A classified heading.</summary>
/// <param name="Meaning">What it opens.</param>
/// <param name="Kind">The section, for <see cref="HeadingMeaning.Section"/>.</param>
/// <param name="Project">The project named in a cases heading.</param>
internal readonly record struct HeadingMatch(HeadingMeaning Meaning, SectionKind Kind = SectionKind.Other, string? Project = null);

/// <summary>
/// Recognises section headings in Russian or English whatever their emoji (present, missing, another variant), level,
/// numbering (<c>## 2. …</c>), case, trailing colon or spaces, and the parenthesised tails (<c>(МИРОВОЙ УРОВЕНЬ)</c>).
/// </summary>
internal static class Headings
{
    private static readonly Dictionary<string, HeadingMatch> Known = Build();

    private static readonly string[] CasePrefixes = [Key("РЕАЛЬНЫЕ КЕЙСЫ ИЗ ПРОЕКТА"), Key("Real cases from"), Key("РЕАЛЬНЫЕ КЕЙСЫ"), Key("Real cases")];

    /// <summary>Classifies a heading's text (without the <c>#</c> marks).</summary>
    public static HeadingMatch Classify(string heading)
    {
        var key = Key(heading);
        if (Known.TryGetValue(key, out var match)) return match;
        var core = Core(key);
        if (core.Length > 0 && Known.TryGetValue(core, out match)) return match;
        foreach (var prefix in CasePrefixes)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var project = ProjectFrom(heading);
            return new HeadingMatch(HeadingMeaning.Group, SectionKind.Case, project);
        }
        return new HeadingMatch(HeadingMeaning.Unknown);
    }

    /// <summary>The comparable form of a heading: <see cref="TextKey.Of"/> with the leading numbering dropped.</summary>
    public static string Key(string heading)
    {
        var key = TextKey.Of(heading);
        // "2. ", "2) ", "IV. " numbering that TextKey leaves (it strips only digits directly at the start).
        key = Regex.Replace(key, @"^(\d+(\.\d+)*[.)]?|[ivx]+[.)])\s+", "", RegexOptions.CultureInvariant);
        return key.Trim();
    }

    /// <summary>A key without parenthesised parts: <c>продвинутые материалы (мировой уровень)</c> → <c>продвинутые материалы</c>.</summary>
    /// <remarks>Linear in the key's length: with backtracking, a heading of many unclosed <c>(</c> was scanned to its end from each one.</remarks>
    public static string Core(string key) => Regex.Replace(key, @"\s*\([^)]*\)\s*", " ", RegexOptions.NonBacktracking).Trim();

    private static string? ProjectFrom(string heading)
    {
        // Linear in the heading's length: with backtracking, a long heading holding many "from" and runs of spaces took
        // tens of seconds (a fuzzed input; seed 8PbzbsfxV1_1 of ParserFuzzTests).
        var m = Regex.Match(heading, @"(?:ПРОЕКТА|from)\s+(?<p>.+?)\s*:?\s*$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        return m.Success ? m.Groups["p"].Value.Trim() : null;
    }

    private static Dictionary<string, HeadingMatch> Build()
    {
        var map = new Dictionary<string, HeadingMatch>(StringComparer.Ordinal);
        void Add(string heading, HeadingMatch match)
        {
            var key = Key(heading);
            map.TryAdd(key, match);
            var core = Core(key);
            if (core.Length > 0) map.TryAdd(core, match);
        }

        foreach (var info in SectionCatalog.All)
        {
            if (info.Kind == SectionKind.Case) continue; // the {project} heading is matched by prefix
            var groupMatch = info.SubRu is null
                ? info.Kind == SectionKind.Responsibility ? new HeadingMatch(HeadingMeaning.Responsibility) : new HeadingMatch(HeadingMeaning.Section, info.Kind)
                : new HeadingMatch(HeadingMeaning.Group);
            if (info.Kind == SectionKind.Other) groupMatch = new HeadingMatch(HeadingMeaning.OtherGroup);
            Add(info.GroupRu, groupMatch);
            Add(info.GroupEn, groupMatch);
            if (info.SubRu is not null) Add(info.SubRu, new HeadingMatch(HeadingMeaning.Section, info.Kind));
            if (info.SubEn is not null) Add(info.SubEn, new HeadingMatch(HeadingMeaning.Section, info.Kind));
        }
        // The case sub-heading and a few spellings seen in the wild.
        var caseInfo = SectionCatalog.Get(SectionKind.Case);
        Add(caseInfo.SubRu!, new HeadingMatch(HeadingMeaning.Section, SectionKind.Case));
        Add(caseInfo.SubEn!, new HeadingMatch(HeadingMeaning.Section, SectionKind.Case));
        Add("Книги", new HeadingMatch(HeadingMeaning.Section, SectionKind.Book));
        Add("Books", new HeadingMatch(HeadingMeaning.Section, SectionKind.Book));
        Add("ЛУЧШИЕ ПРАКТИКИ", new HeadingMatch(HeadingMeaning.Section, SectionKind.BestPractice));
        Add("Best practices from the internet", new HeadingMatch(HeadingMeaning.Section, SectionKind.BestPractice));
        Add("Ключевые обязанности", new HeadingMatch(HeadingMeaning.Duties));
        Add("Key duties", new HeadingMatch(HeadingMeaning.Duties));
        Add("МЕТРИКИ ОБУЧЕНИЯ", new HeadingMatch(HeadingMeaning.Metrics));
        Add("Learning metrics", new HeadingMatch(HeadingMeaning.Metrics));
        Add("Метрики", new HeadingMatch(HeadingMeaning.Metrics));
        Add("Metrics", new HeadingMatch(HeadingMeaning.Metrics));
        Add("Заявлено в импортированных документах (не вычислено)", new HeadingMatch(HeadingMeaning.Claims));
        Add("Claimed in imported documents (not computed)", new HeadingMatch(HeadingMeaning.Claims));
        Add("ПОСТОЯННОЕ ОБУЧЕНИЕ", new HeadingMatch(HeadingMeaning.Footer));
        Add("Continuous learning", new HeadingMatch(HeadingMeaning.Footer));
        return map;
    }
}
