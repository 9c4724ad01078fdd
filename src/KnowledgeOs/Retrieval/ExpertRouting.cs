using System.Globalization;
using KnowledgeOs.Events;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>One expert ranked for a task, with the parts of the score and a one-line reason.</summary>
/// <param name="Rank">1-based rank.</param>
/// <param name="Expert">Slug.</param>
/// <param name="DisplayName">Name.</param>
/// <param name="Role">Role.</param>
/// <param name="Status">active or paused (retired experts are not routed to).</param>
/// <param name="Level">Expertise level, 1–5, computed from evidence.</param>
/// <param name="Score">The routing score (rounded to 3 decimals).</param>
/// <param name="Knowledge">The knowledge part: the expert's best matching items, decayed.</param>
/// <param name="Profile">The role, tags and duties part.</param>
/// <param name="Tasks">The part for successful tasks on matching topics.</param>
/// <param name="MatchedItems">How many of the expert's items matched.</param>
/// <param name="Sections">Matched items per section code.</param>
/// <param name="MatchedTerms">The task's words found in those items, most frequent first.</param>
/// <param name="ProfileTerms">The task's words found in the role, tags or duties.</param>
/// <param name="SuccessfulTasks">Successful tasks on matching topics.</param>
/// <param name="Why">One line: what matched where, the tasks and the level.</param>
public sealed record RoutedExpert(
    int Rank,
    string Expert,
    string DisplayName,
    string Role,
    ExpertStatus Status,
    int Level,
    double Score,
    double Knowledge,
    double Profile,
    double Tasks,
    int MatchedItems,
    IReadOnlyDictionary<string, int> Sections,
    IReadOnlyList<string> MatchedTerms,
    IReadOnlyList<string> ProfileTerms,
    int SuccessfulTasks,
    string Why)
{
    /// <summary>Of <see cref="MatchedItems"/>, those only embeddings found (no task word in them; docs/RETRIEVAL.md, "With embeddings").</summary>
    public int VectorItems { get; init; }

    /// <summary>Tasks started and not finished for the expert (its workload).</summary>
    public int OpenTasks { get; init; }

    /// <summary>The score's workload factor, <c>1 / (1 + 0.15·openTasks)</c>.</summary>
    public double WorkloadFactor { get; init; } = 1;

    /// <summary>Finished tasks on matching topics (successful, partial or failed).</summary>
    public int SimilarTasks { get; init; }

    /// <summary>Of those, the successful ones.</summary>
    public int SimilarSuccesses { get; init; }

    /// <summary>Of those, the ones done in part (half a success).</summary>
    public int SimilarPartials { get; init; }

    /// <summary>Of those, the failed ones.</summary>
    public int SimilarFailures { get; init; }

    /// <summary>The Laplace-smoothed success rate on them, <c>(successes + ½·partial + 1) / (similar + 2)</c>; 0.5 with none.</summary>
    public double SuccessRate { get; init; } = 0.5;

    /// <summary>The score's success factor, <c>0.5 + successRate</c> (1 with no similar task).</summary>
    public double SuccessFactor { get; init; } = 1;
}

/// <summary>
/// Ranks a team's experts for a task (docs/RETRIEVAL.md):
/// <c>score = (knowledge + profile + tasks) × (1 + 0.05·(level − 1)) × (0.5 if paused) × (0.5 + success rate) × 1 / (1 + 0.15·open tasks)</c>, where knowledge is the
/// sum of the expert's best <see cref="ItemsCounted"/> item scores (BM25 × evidence) decayed by <see cref="Decay"/> per rank,
/// profile is the profile-idf of each task term found in the role (×4), tags (×2.5) or duties and responsibility (×1.5),
/// and tasks is <c>2·ln(1 + successful tasks on matching topics)</c>; the success rate on those topics is Laplace-smoothed
/// (<see cref="SimilarTasks"/>) and open tasks are the expert's workload (<see cref="Workload"/>). Experts with nothing matching are left out;
/// equal scores rank by slug.
/// </summary>
public static class ExpertRouting
{
    /// <summary>How many of an expert's best items count towards its knowledge part.</summary>
    public const int ItemsCounted = 5;

    /// <summary>Each further item counts this much less than the one before: depth over breadth.</summary>
    public const double Decay = 0.6;

    /// <summary>Weight of a task term found in the role.</summary>
    public const double RoleWeight = 4;

    /// <summary>Weight of a task term found in the expertise tags.</summary>
    public const double TagWeight = 2.5;

    /// <summary>Weight of a task term found in the responsibility text or duties.</summary>
    public const double DutyWeight = 1.5;

    /// <summary>Ranks the available experts of the team; <paramref name="top"/> 0 means all that match.</summary>
    public static IReadOnlyList<RoutedExpert> Rank(TeamCorpus corpus, TaskQuery query, int top = 0) => Rank(corpus, query, top, null);

    /// <summary>
    /// Ranks the available experts of the team with the items embeddings found counted beside the lexical ones
    /// (<paramref name="hybrid"/>, built over the same query); null: lexical only, exactly as the overload without it.
    /// </summary>
    public static IReadOnlyList<RoutedExpert> Rank(TeamCorpus corpus, TaskQuery query, int top, HybridMatches? hybrid)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(query);
        query = corpus.Expand(query);
        var experts = corpus.Experts.Where(e => e.Available).ToList();
        var profileIdf = ProfileIdf(experts, query);
        var scored = new List<Scored>(experts.Count);
        foreach (var expert in experts)
        {
            var matches = corpus.Matches(expert, query, hybrid);
            double knowledge = 0, decay = 1;
            foreach (var best in matches.BestScores(ItemsCounted))
            {
                knowledge += best * decay;
                decay *= Decay;
            }
            var (profile, profileTerms) = Profile(expert, query, profileIdf);
            var similar = SimilarTasks.Of(expert, query, matches);
            var tasks = 2 * Math.Log(1 + similar.Successes);
            var raw = knowledge + profile + tasks;
            if (raw <= 0) continue;
            var paused = expert.State.Status == ExpertStatus.Paused;
            var score = raw * (1 + 0.05 * (expert.Level - 1)) * (paused ? 0.5 : 1) * similar.Factor * Workload.Factor(expert.State.OpenTasks.Count);
            scored.Add(new Scored(score, expert, matches, knowledge, profile, profileTerms, similar, tasks));
        }
        // Best first, equal scores by slug (unique in a team, so the order is total); only the experts returned get their
        // sections, words and reason worded: a route's top 5 of 50 left the other 45's as garbage.
        scored.Sort(static (a, b) => b.Score.CompareTo(a.Score) is var c && c != 0 ? c : string.CompareOrdinal(a.Expert.State.Slug, b.Expert.State.Slug));
        var count = top > 0 ? Math.Min(top, scored.Count) : scored.Count;
        var ranked = new RoutedExpert[count];
        for (var i = 0; i < count; i++) ranked[i] = Routed(i + 1, scored[i], query);
        return ranked;
    }

    // An expert's scores before its reason is worded.
    private sealed record Scored(double Score, AnalyzedExpert Expert, ExpertMatches Matches, double Knowledge, double Profile,
        List<string> ProfileTerms, SimilarTasks Similar, double Tasks);

    private static RoutedExpert Routed(int rank, Scored s, TaskQuery query)
    {
        var (expert, matches, similar) = (s.Expert, s.Matches, s.Similar);
        var level = expert.Level;
        var paused = expert.State.Status == ExpertStatus.Paused;
        var open = expert.State.OpenTasks.Count;
        var workload = Workload.Factor(open);
        var sections = matches.Sections().ToDictionary(g => g.Key.Code(), g => g.Value, StringComparer.Ordinal);
        var matchedTerms = MatchedWords(query, matches);
        var words = s.ProfileTerms.Select(query.Word).Distinct(StringComparer.Ordinal).ToList();
        var why = Why(matches.Count, sections, matchedTerms, words, similar, open, level, paused, matches.VectorOnly);
        return new RoutedExpert(rank, expert.State.Slug, expert.State.DisplayName, expert.State.Role, expert.State.Status, level,
            Round(s.Score), Round(s.Knowledge), Round(s.Profile), Round(s.Tasks), matches.Count, sections, matchedTerms, words, similar.Successes, why)
        {
            VectorItems = matches.VectorOnly,
            OpenTasks = open, WorkloadFactor = Round(workload), SimilarTasks = similar.Finished, SimilarSuccesses = similar.Successes,
            SimilarPartials = similar.Partials, SimilarFailures = similar.Failures, SuccessRate = Round(similar.Rate), SuccessFactor = Round(similar.Factor),
        };
    }

    /// <summary>
    /// The one-line reason, e.g. <c>matched retry, idempotency in 4 items (2 known, 1 problem, 1 practice); role/tags/duties:
    /// api; 2 successful tasks on it, 1 failed (success rate 0.6); 3 open tasks (×0.69); level 4</c>.
    /// </summary>
    public static string Why(int items, IReadOnlyDictionary<string, int> sections, IReadOnlyList<string> terms, IReadOnlyList<string> profile,
        SimilarTasks similar, int open, int level, bool paused, int byMeaning = 0)
    {
        var parts = new List<string>();
        if (items > 0)
        {
            var shown = string.Join(", ", terms.Take(5)) + (terms.Count > 5 ? $" +{terms.Count - 5} more" : "");
            var bySection = string.Join(", ", sections.Select(s => Count(s.Value, s.Key)));
            var noun = items == 1 ? "item" : "items";
            parts.Add(byMeaning == items ? Invariant($"{items} {noun} by meaning ({bySection})")
                : byMeaning > 0 ? Invariant($"matched {shown} in {items} {noun}, {byMeaning} of them by meaning ({bySection})")
                : Invariant($"matched {shown} in {items} {noun} ({bySection})"));
        }
        if (profile.Count > 0) parts.Add("role/tags/duties: " + string.Join(", ", profile.Take(5)));
        ArgumentNullException.ThrowIfNull(similar);
        if (similar.Finished > 0)
        {
            var s = similar.Successes;
            var line = Invariant($"{s} successful {(s == 1 ? "task" : "tasks")} on it");
            if (similar.Failures > 0) line += Invariant($", {similar.Failures} failed");
            if (similar.Partials > 0) line += Invariant($", {similar.Partials} partial");
            parts.Add(line + Invariant($" (success rate {Math.Round(similar.Rate, 2)})"));
        }
        if (open > 0) parts.Add(Invariant($"{open} open {(open == 1 ? "task" : "tasks")} (×{Math.Round(Workload.Factor(open), 2)})"));
        parts.Add(Invariant($"level {level}"));
        if (paused) parts.Add("paused");
        return string.Join("; ", parts);
    }

    // "2 known", "1 problem", "3 best practices": the section code read as English.
    private static string Count(int count, string code)
    {
        var noun = code.Replace('_', ' ');
        var plural = count != 1 && code is not ("known" or "learned" or "other" or "research") ? noun + "s" : noun;
        return Invariant($"{count} {plural}");
    }

    // Profile idf over the team's available experts: a term every profile has ("developer") tells little. Per query
    // word: an expert holds it when its role, tags or duties hold any of the word's alternatives.
    private static Dictionary<string, double> ProfileIdf(IReadOnlyList<AnalyzedExpert> experts, TaskQuery query)
    {
        var idf = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in query.Plan.Groups)
        {
            var holders = 0;
            for (var x = 0; x < experts.Count; x++)
                if (In(group, experts[x].RoleTerms) || In(group, experts[x].TagTerms) || In(group, experts[x].DutyTerms)) holders++;
            if (holders > 0) idf[group.Term] = Math.Log(1 + (experts.Count - holders + 0.5) / (holders + 0.5));
        }
        return idf;
    }

    private static (double Score, List<string> Terms) Profile(AnalyzedExpert expert, TaskQuery query, Dictionary<string, double> idf)
    {
        double score = 0;
        var terms = new List<string>();
        foreach (var group in query.Plan.Groups)
        {
            if (!idf.TryGetValue(group.Term, out var weight)) continue;
            var field = In(group, expert.RoleTerms) ? RoleWeight : In(group, expert.TagTerms) ? TagWeight : In(group, expert.DutyTerms) ? DutyWeight : 0;
            if (field == 0) continue;
            score += weight * field;
            terms.Add(group.Term);
        }
        return (score, terms);
    }

    // The task's words found in the matching items, most frequent first, then in query order.
    private static List<string> MatchedWords(TaskQuery query, ExpertMatches matches)
    {
        var counts = matches.WordCounts();
        var groups = query.Plan.Groups;
        return [.. Enumerable.Range(0, counts.Length).Where(g => counts[g] > 0)
            .OrderByDescending(g => counts[g]).ThenBy(g => query.Position(groups[g].Term))
            .Select(g => query.Word(groups[g].Term)).Distinct(StringComparer.Ordinal)];
    }

    // True when a set of terms holds any alternative of a query word (every term of a phrase). Loops, not Any/All: it is
    // asked per word, expert and profile field on every route, and each LINQ call cost a closure, a delegate and two
    // boxed enumerators (most of what the ranking allocated once the matches were kept small).
    internal static bool In(QueryGroup group, IReadOnlySet<string> terms)
    {
        var alternatives = group.Alternatives;
        for (var a = 0; a < alternatives.Count; a++)
        {
            var phrase = alternatives[a].Terms;
            var all = true;
            for (var k = 0; k < phrase.Count && all; k++) all = terms.Contains(phrase[k]);
            if (all) return true;
        }
        return false;
    }

    private static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
