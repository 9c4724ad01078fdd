using System.Globalization;
using KnowledgeOs.Rendering;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos search</c>: full-text search over the team's knowledge items, Russian and English word forms alike.</summary>
public sealed class SearchCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<SearchCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
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

        /// <summary>Embedding provider.</summary>
        [CommandOption("--embeddings <PROVIDER>")]
        [Description("Also search by meaning with the vectors of this provider (ollama:MODEL@URL or openai:MODEL@URL; default $KOS_EMBEDDINGS), fused with the word hits.")]
        public string? Embeddings { get; init; }
    }

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var sections = settings.Sections.Select(s => SectionCatalog.ParseInput(s, "--section")).ToList();
        await using var session = await KosSession.OpenAsync(settings, time, ct);
        using var embeddings = await CliEmbeddings.OpenAsync(session, settings.Embeddings, time, ct);
        var index = embeddings?.Search(session.Search) ?? session.Search;
        var query = new SearchQuery(session.Team, settings.Query, settings.Experts, sections, settings.IncludeRetracted, settings.Prefix,
            settings.Limit, settings.Offset);
        var hits = await index.SearchAsync(query, ct);
        if (settings.Json)
        {
            Output.Json(console, hits.Select(h => new
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
            }).ToList());
            return ExitCodes.Ok;
        }
        var l = await session.LabelsAsync(ct);
        if (hits.Count == 0)
        {
            Output.Line(console, l.NoMatch(session.Team, settings.Query));
            return ExitCodes.Ok;
        }
        var table = Output.Table([.. l.SearchColumns]);
        foreach (var h in hits)
        {
            var text = h.Text.Length > 80 ? h.Text[..77] + "…" : h.Text;
            var score = h.Score.ToString("0.00", CultureInfo.InvariantCulture) + (h.Usefulness == 1 ? "" : " (" + l.Usefulness(h.Usefulness) + ")");
            var expert = h.TaskExperts is { Count: > 1 } all ? string.Join(",", all) : h.Expert;
            table.Row(expert, h.Kind == SearchHitKind.Task ? h.ItemId : l.SectionLabel(h.SectionCode), text, l.ItemStatus(h.Status), score, Reason(l, h));
        }
        console.Write(table);
        return ExitCodes.Ok;
    }

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
