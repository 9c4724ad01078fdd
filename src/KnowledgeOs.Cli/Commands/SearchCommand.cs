using System.Globalization;
using KnowledgeOs.Rendering;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos search</c>: full-text search over the team's knowledge items, Russian and English word forms alike.</summary>
public sealed class SearchCommand(IAnsiConsole console, TimeProvider time) : ReadCommand<SearchCommand.Settings, IReadOnlyList<SearchHit>>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : RetrievalSettings
    {
        /// <summary>The words to find.</summary>
        [CommandArgument(0, "<QUERY>")]
        [Description("Words to find, in Russian or English: items with the most of them first, in any word form, translation or transliteration (ретраев finds ретраи and retries).")]
        public string Query { get; init; } = "";

        /// <summary>Only these experts.</summary>
        [CommandOption("--expert <SLUG>")]
        [Description("Only this expert's items (repeat for several).")]
        public string[] Experts { get; init; } = [];

        /// <summary>Only these sections.</summary>
        [CommandOption("--section <SECTION>")]
        [Description("Only items of this section, e.g. learned, known, problem, best_practice (repeat for several).")]
        public string[] Sections { get; init; } = [];

        /// <summary>Also retracted items.</summary>
        [CommandOption("--include-retracted")]
        [Description("Also show retracted items.")]
        public bool IncludeRetracted { get; init; }

        /// <summary>The last word as a prefix.</summary>
        [CommandOption("--prefix")]
        [Description("Let the last word match as a prefix (idempot finds idempotency).")]
        public bool Prefix { get; init; }

        /// <summary>Hits shown at most.</summary>
        [CommandOption("--limit <N>")]
        [Description("Hits shown at most (default 20, up to 1000).")]
        public int Limit { get; init; } = SearchQuery.DefaultLimit;

        /// <summary>Hits skipped first.</summary>
        [CommandOption("--offset <N>")]
        [Description("Hits skipped first, for paging.")]
        public int Offset { get; init; }
    }

    /// <inheritdoc/>
    protected override void CheckInput(Settings settings) => Sections(settings);

    /// <inheritdoc/>
    protected override async Task<IReadOnlyList<SearchHit>> ReadAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        using var embeddings = await settings.OpenEmbeddingsAsync(session, Time, ct);
        var index = embeddings?.Search(session.Search) ?? session.Search;
        var query = new SearchQuery(session.Team, settings.Query, settings.Experts, Sections(settings), settings.IncludeRetracted, settings.Prefix,
            settings.Limit, settings.Offset);
        return await index.SearchAsync(query, ct);
    }

    /// <inheritdoc/>
    protected override object Json(IReadOnlyList<SearchHit> hits) => hits.Select(h => new
    {
        h.Team,
        h.Expert,
        h.ItemId,
        Section = h.SectionCode,
        h.Text,
        Status = h.Status.Code(),
        h.Confirmations,
        h.Score,
        Matches = h.Matches ?? [],
        Kind = h.Kind == SearchHitKind.Task ? "task" : "item",
        h.TaskId,
        Experts = h.TaskExperts,
        Usefulness = h.Usefulness == 1 ? (double?)null : Math.Round(h.Usefulness, 4),
        Vector = VectorSimilarity.Shown(h.Similarity),
    }).ToList();

    /// <inheritdoc/>
    protected override void Show(CliLabels l, KosSession session, Settings settings, IReadOnlyList<SearchHit> hits)
    {
        if (hits.Count == 0)
        {
            Output.Line(Console, l.NoMatch(session.Team, settings.Query));
            return;
        }
        var table = Output.Table([.. l.SearchColumns]);
        foreach (var h in hits)
        {
            var text = h.Text.Length > 80 ? h.Text[..77] + "…" : h.Text;
            var score = h.Score.ToString("0.00", CultureInfo.InvariantCulture) + (h.Usefulness == 1 ? "" : " (" + l.Usefulness(h.Usefulness) + ")");
            var expert = h.TaskExperts is { Count: > 1 } all ? string.Join(",", all) : h.Expert;
            table.Row(expert, h.Kind == SearchHitKind.Task ? h.ItemId : l.SectionLabel(h.SectionCode), text, l.ItemStatus(h.Status), score, Reason(l, h));
        }
        Console.Write(table);
    }

    private static List<SectionKind> Sections(Settings settings) => settings.Sections.Select(s => SectionCatalog.ParseInput(s, "--section")).ToList();

    // The words' reasons, then "by meaning 0.45" when the vectors found the hit too.
    private static string Reason(CliLabels l, SearchHit h)
    {
        var words = Matched(h.Matches ?? []);
        if (VectorSimilarity.Shown(h.Similarity) is not { } cosine) return words;
        return words.Length == 0 ? l.ByMeaning(cosine) : words + ", " + l.ByMeaning(cosine);
    }

    // "retries→повтор (glossary), latency (stem)": each query word, what it met when that was another word, and how.
    private static string Matched(IReadOnlyList<TermMatch> matches) =>
        string.Join(", ", matches.Select(m => m.How == MatchKind.Stem ? m.Word : $"{m.Word}→{m.Matched} ({How(m.How)})"));

    private static string How(MatchKind how) => how switch
    {
        MatchKind.Glossary => "glossary",
        MatchKind.TeamGlossary => "team glossary",
        MatchKind.Transliteration => "transliteration",
        MatchKind.Lemma => "lemma",
        _ => "stem",
    };
}
