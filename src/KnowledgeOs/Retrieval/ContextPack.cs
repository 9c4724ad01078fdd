using System.Globalization;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Retrieval;

/// <summary>What a context pack is asked for.</summary>
/// <param name="Task">The task's text.</param>
/// <param name="Title">The task's title, if separate.</param>
/// <param name="Experts">The participants; null or empty means the experts routing picks (<see cref="ContextPack.DefaultExperts"/>).</param>
/// <param name="Budget">Most characters (or tokens, by <paramref name="Unit"/>) the Markdown may have.</param>
/// <param name="Language">Headings and labels language; null for the team's own (<see cref="TeamCorpus.Language"/>).</param>
/// <param name="Unit">What the budget counts: characters (default) or tokens.</param>
/// <param name="Tokenizer">The tokenizer tokens are counted with.</param>
public sealed record ContextPackRequest(
    string Task,
    string? Title = null,
    IReadOnlyList<string>? Experts = null,
    int Budget = ContextPack.DefaultBudget,
    RenderLanguage? Language = null,
    BudgetUnit Unit = BudgetUnit.Chars,
    TokenizerKind Tokenizer = TokenizerKind.O200k);

/// <summary>One item of a context pack, with where it came from.</summary>
/// <param name="Rank">The item's rank within its expert (1 = most relevant).</param>
/// <param name="Id">Item id (for <c>kos item confirm</c>, <c>kos history</c>).</param>
/// <param name="Section">Section code.</param>
/// <param name="Text">Text as recorded.</param>
/// <param name="Solutions">For problems, every solution.</param>
/// <param name="Fields">Section fields (author, description, origin, found_at…).</param>
/// <param name="Source">The source that first recorded it (<c>task:ORB-101</c>, <c>import:…</c>).</param>
/// <param name="Confirmations">Later confirmations from other sources.</param>
/// <param name="FirstAt">When it was first evidenced.</param>
/// <param name="LastAt">When it was last evidenced.</param>
/// <param name="Score">Relevance × evidence (rounded to 3 decimals).</param>
/// <param name="Matched">The task's words it contains.</param>
/// <param name="Reasons">How each of those words matched (stem, lemma, glossary, team glossary, transliteration).</param>
public sealed record PackItem(
    int Rank,
    string Id,
    string Section,
    string Text,
    IReadOnlyList<string> Solutions,
    IReadOnlyDictionary<string, string> Fields,
    string Source,
    int Confirmations,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    double Score,
    IReadOnlyList<string> Matched,
    IReadOnlyList<TermMatch>? Reasons = null)
{
    /// <summary>Tasks that used the item and succeeded.</summary>
    public int UsedInSuccesses { get; init; }

    /// <summary>Tasks that used the item and failed.</summary>
    public int UsedInFailures { get; init; }

    /// <summary>True when the item went with repeated failures (<see cref="Usefulness.IsSuspect"/>).</summary>
    public bool Suspect { get; init; }

    /// <summary>The cosine of the item's vector to the task's when embeddings found it (rounded to 3 decimals); null otherwise. An item with no <see cref="Matched"/> words is in the pack by meaning alone.</summary>
    public double? Vector { get; init; }
}

/// <summary>One participant's part of a context pack.</summary>
/// <param name="Expert">Slug.</param>
/// <param name="DisplayName">Name.</param>
/// <param name="Role">Role.</param>
/// <param name="Project">Project (for the cases heading).</param>
/// <param name="Why">Why routing ranks the expert for this task, when it does.</param>
/// <param name="Matched">How many of the expert's items match the task.</param>
/// <param name="Items">The items that fit the budget, best first.</param>
/// <remarks>The pack id (<see cref="ContextPack.PackId"/>) names items only; <see cref="Tasks"/> and <see cref="Improvements"/> do not change it.</remarks>
public sealed record PackExpert(string Expert, string DisplayName, string Role, string Project, string? Why, int Matched, IReadOnlyList<PackItem> Items)
{
    /// <summary>The participant's past tasks whose task-level text matches the task, best first, that fit the budget.</summary>
    public IReadOnlyList<PackTask> Tasks { get; init; } = [];

    /// <summary>The participant's open improvement-backlog entries that match the task and fit the budget.</summary>
    public IReadOnlyList<PackImprovement> Improvements { get; init; } = [];
}

/// <summary>
/// The knowledge a team already has for a task, per participant, most relevant first and within a character
/// budget (docs/RETRIEVAL.md). Items are ranked by BM25 over analyzed terms × evidence; retracted items never
/// appear; every line names its item id and source.
/// </summary>
/// <param name="Title">The title shown (the task's own, or its first words).</param>
/// <param name="Task">The task text.</param>
/// <param name="Terms">The task's words used for matching.</param>
/// <param name="Language">ru or en.</param>
/// <param name="Budget">The character budget.</param>
/// <param name="Included">Items in the pack.</param>
/// <param name="Omitted">Matching items of the participants that did not fit.</param>
/// <param name="Experts">The participants, in the order asked (or routed).</param>
/// <param name="Markdown">The pack as Markdown, at most <paramref name="Budget"/> characters.</param>
public sealed record ContextPack(
    string Title,
    string Task,
    IReadOnlyList<string> Terms,
    string Language,
    int Budget,
    int Included,
    int Omitted,
    IReadOnlyList<PackExpert> Experts,
    string Markdown)
{
    /// <summary>Budget when none is given, in characters (about 1,500 tokens).</summary>
    public const int DefaultBudget = 6000;

    /// <summary>Smallest budget accepted: the title and the counts line always fit in it.</summary>
    public const int MinBudget = 500;

    /// <summary>Largest budget accepted.</summary>
    public const int MaxBudget = 200_000;

    /// <summary>Participants routing picks when none are named.</summary>
    public const int DefaultExperts = 3;

    /// <summary>Most participants one pack may name.</summary>
    public const int MaxExperts = 25;

    /// <summary>Most candidate items tried per participant; beyond them nothing relevant enough would fit.</summary>
    public const int MaxCandidates = 60;

    /// <summary>Characters in the Markdown.</summary>
    public int Characters => Markdown.Length;

    /// <summary>The pack's stable id: its item ids, encoded (<see cref="Retrieval.PackId"/>); a report's <c>usedItems</c> takes it.</summary>
    public string PackId => Retrieval.PackId.Of(Experts.SelectMany(e => e.Items.Select(i => i.Id)));

    /// <summary>What <see cref="Budget"/> counts: <c>characters</c>, <c>o200k tokens</c> or <c>cl100k tokens</c>.</summary>
    public string Unit { get; init; } = "characters";

    /// <summary>How much of the budget the Markdown uses, in its unit.</summary>
    public int Used { get; init; }

    /// <summary>Builds the context pack of a task from a team's corpus.</summary>
    /// <exception cref="InputException">Budget out of range, no task text, too many experts; names the field.</exception>
    /// <exception cref="NotFoundException">A named expert is not in the team.</exception>
    public static ContextPack Build(TeamCorpus corpus, ContextPackRequest request) => Build(corpus, request, []);

    /// <summary>
    /// Builds the context pack of a task, the items nearest the task's meaning (<paramref name="neighbours"/>, from
    /// <see cref="Embeddings.ISemanticNeighbours"/>) fused with the lexical matches (<see cref="HybridMatches"/>);
    /// with no neighbours, exactly the lexical pack.
    /// </summary>
    /// <exception cref="InputException">Budget out of range, no task text, too many experts; names the field.</exception>
    /// <exception cref="NotFoundException">A named expert is not in the team.</exception>
    public static ContextPack Build(TeamCorpus corpus, ContextPackRequest request, IReadOnlyList<Embeddings.Neighbour> neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(request);
        var budget = new PackBudget(request.Budget, request.Unit, request.Tokenizer);
        var language = request.Language ?? corpus.Language;
        budget.Validate(MinBudget, MaxBudget);
        var query = corpus.Expand(TaskQuery.Parse(request.Title, request.Task, "task"));
        var hybrid = HybridMatches.Of(corpus, query, neighbours);
        // Without named experts only the routed first few take part and show a reason: the others' are not worded.
        var named = request.Experts?.Any(s => !string.IsNullOrWhiteSpace(s)) == true;
        var routed = ExpertRouting.Rank(corpus, query, named ? 0 : DefaultExperts, hybrid);
        var participants = Participants(corpus, request.Experts, routed);
        var title = request.Title is { Length: > 0 } t ? t.Trim() : FirstWords(query.Text);
        var words = query.Terms.Select(query.Word).Distinct(StringComparer.Ordinal).ToList();
        // Each participant's best candidates only (partial selection); the counts come with them.
        var found = participants.Select(p => corpus.Matches(p, query, hybrid)).ToList();
        var matches = found.Select(f => f.Best(MaxCandidates)).ToList();
        var chosen = participants.Select(_ => new List<ItemMatch>()).ToList();
        var past = participants.Select(p => PackPastTasks.Of(p.State, query)).ToList();
        // How many of each participant's past tasks and backlog entries the pack shows; none until the items are in.
        var taken = participants.Select(_ => (Tasks: 0, Improvements: 0)).ToList();

        // The skeleton (title, counts, each participant's heading) must fit first. A small budget drops the routing
        // reasons, then the last participants, rather than break its promise.
        var withWhy = true;
        var shown = participants.Count;
        var lines = new ContextPackLines(language);
        var drafted = new System.Text.StringBuilder(request.Budget);
        void Render() => ContextPackMarkdown.Render(drafted, title, words, request.Budget, language, participants[..shown], routed,
            chosen[..shown], [.. found[..shown].Select(m => m.Count)], lines, withWhy, budget.UnitLabel(language),
            [.. past[..shown].Select((p, e) => p.Take(taken[e].Tasks, taken[e].Improvements))]);
        string Draft()
        {
            Render();
            return drafted.ToString();
        }
        // A candidate's draft is only measured: in characters its length is read off the builder, not copied to a string.
        int DraftSize()
        {
            Render();
            return budget.Unit == BudgetUnit.Chars ? drafted.Length : budget.Measure(drafted.ToString());
        }
        var markdown = Draft();
        if (budget.Measure(markdown) > budget.Limit)
        {
            withWhy = false;
            markdown = Draft();
        }
        while (budget.Measure(markdown) > budget.Limit && shown > 0)
        {
            shown--;
            markdown = Draft();
        }
        if (budget.Measure(markdown) > budget.Limit)
            throw new InputException($"budget {request.Budget:N0} cannot hold even the pack's title and counts ({budget.Measure(markdown):N0} {budget.UnitName}); give a larger one.", "budget")
                .WithCode(ErrorCodes.BudgetTooSmall, "budget", request.Budget.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), budget.Measure(markdown).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), budget.UnitName);
        var total = found[..shown].Sum(m => m.Count);

        // Every participant's best item first (in participant order), then the rest by score over the whole pack.
        var order = new List<(int Expert, ItemMatch Match)>();
        for (var e = 0; e < shown; e++)
            if (matches[e].Count > 0) order.Add((e, matches[e][0]));
        order.AddRange(matches[..shown].SelectMany((list, e) => list.Skip(1).Take(MaxCandidates - 1).Select(m => (e, m)))
            .OrderBy(x => x.m, Comparer<ItemMatch>.Create(TeamCorpus.ByScore)));
        var length = budget.Measure(markdown);
        var added = new List<int>();
        foreach (var (e, match) in order)
        {
            // Nothing shorter than an id and a source fits in what is left.
            if (budget.Limit - length < budget.SmallestLine) break;
            var sectionPresent = chosen[e].Any(m => m.Section == match.Section);
            chosen[e].Add(match);
            // Most candidates fit by the bound (characters; a token is almost always at least one), and only near the
            // end is the pack rendered and measured to decide exactly.
            var bound = ContextPackMarkdown.GrowthBound(match, language, sectionPresent, lines);
            if (length + bound <= budget.Limit)
            {
                length += bound;
                added.Add(e);
                continue;
            }
            var next = DraftSize();
            if (next <= budget.Limit)
            {
                length = next;
                added.Add(e);
            }
            else chosen[e].RemoveAt(chosen[e].Count - 1);
        }
        markdown = Draft();
        // The bound holds for characters; for tokens a rare run of symbols can take more than one each, so the
        // finished pack is measured and the items added last leave until it fits.
        while (budget.Measure(markdown) > budget.Limit && added.Count > 0)
        {
            chosen[added[^1]].RemoveAt(chosen[added[^1]].Count - 1);
            added.RemoveAt(added.Count - 1);
            markdown = Draft();
        }
        markdown = AddPastTasks(budget, past, taken, shown, Draft, markdown);

        var experts = participants[..shown].Select((p, e) => new PackExpert(p.State.Slug, p.State.DisplayName, p.State.Role, p.State.Project,
            routed.FirstOrDefault(r => r.Expert == p.State.Slug)?.Why, found[e].Count,
            [.. chosen[e].OrderBy(m => m, Comparer<ItemMatch>.Create(TeamCorpus.ByScore)).Select((m, i) => Item(m, i + 1, query))])
        {
            Tasks = past[e].Take(taken[e].Tasks, taken[e].Improvements).Tasks,
            Improvements = past[e].Take(taken[e].Tasks, taken[e].Improvements).Improvements,
        }).ToList();
        var included = chosen.Sum(c => c.Count);
        return new ContextPack(title, query.Text.Length > 0 ? query.Text : query.Title, words,
            language == RenderLanguage.En ? "en" : "ru", request.Budget, included, total - included, experts, markdown)
        {
            Unit = budget.UnitName,
            Used = budget.Measure(markdown),
        };
    }

    // Past tasks come after the items, in what budget is left: each participant's best task in participant order, then
    // their next ones, then the backlog entries the same way; each is kept only when the rendered pack still fits.
    private static string AddPastTasks(PackBudget budget, List<PackPastTasks> past, List<(int Tasks, int Improvements)> taken, int shown,
        Func<string> draft, string markdown)
    {
        for (var round = 0; round < PackPastTasks.MaxTasks + PackPastTasks.MaxImprovements; round++)
        {
            var tasks = round < PackPastTasks.MaxTasks;
            for (var e = 0; e < shown; e++)
            {
                var before = taken[e];
                if (tasks && before.Tasks < past[e].Tasks.Count && before.Tasks == round) taken[e] = (before.Tasks + 1, before.Improvements);
                else if (!tasks && before.Improvements < past[e].Improvements.Count && before.Improvements == round - PackPastTasks.MaxTasks)
                    taken[e] = (before.Tasks, before.Improvements + 1);
                else continue;
                var next = draft();
                if (budget.Measure(next) <= budget.Limit) markdown = next;
                else taken[e] = before;
            }
        }
        return markdown;
    }

    private static List<AnalyzedExpert> Participants(TeamCorpus corpus, IReadOnlyList<string>? named, IReadOnlyList<RoutedExpert> routed)
    {
        var slugs = (named ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (slugs.Count == 0)
            return [.. routed.Take(DefaultExperts).Select(r => corpus.Find(r.Expert)!)];
        if (slugs.Count > MaxExperts) throw InputException.Of($"At most {MaxExperts} experts per context pack (got {slugs.Count}).", "experts",
            ErrorCodes.NumberNotBetween, "experts", "1", MaxExperts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var unknown = slugs.Where(s => corpus.Find(s) is null).ToList();
        if (unknown.Count > 0) throw NotFoundException.Of($"The team has no expert {string.Join(", ", unknown.Select(u => $"'{u}'"))}.", ErrorCodes.ExpertsNotInTeam, string.Join(", ", unknown));
        return [.. slugs.Select(s => corpus.Find(s)!)];
    }

    private static PackItem Item(ItemMatch m, int rank, TaskQuery query)
    {
        var item = m.Item.Item;
        return new PackItem(rank, item.Id, item.Section.Code(), item.Text, item.Solutions, item.Fields, item.Source, item.Confirmations.Count,
            item.FirstAt, m.Item.LastAt, Math.Round(m.Score, 3, MidpointRounding.AwayFromZero), [.. m.Terms.Select(query.Word)], m.Reasons)
        {
            UsedInSuccesses = Usefulness.Successes(item),
            UsedInFailures = Usefulness.Failures(item),
            Suspect = Usefulness.IsSuspect(item),
            Vector = VectorSimilarity.Shown(m.Similarity),
        };
    }

    private static string FirstWords(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 100 ? line : line[..99].TrimEnd() + "…";
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
