using System.Globalization;
using System.Text.RegularExpressions;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;

namespace KnowledgeOs.Programs;

/// <summary>One checklist item of an expert's program and whether its evidence holds.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Item">The item.</param>
/// <param name="Result">The evidence.</param>
public sealed record ChecklistResult(ProgramStage Stage, ChecklistItem Item, EvidenceResult Result);

/// <summary>A material of the program and whether its evidence holds.</summary>
/// <param name="Entry">The material.</param>
/// <param name="Result">The evidence.</param>
public sealed record MaterialResult(MaterialEntry Entry, EvidenceResult Result);

/// <summary>A success criterion and, when it has a rule, whether it is met.</summary>
/// <param name="Criterion">The criterion.</param>
/// <param name="Result">The evidence, or null for a criterion without a rule.</param>
public sealed record CriterionResult(SuccessCriterion Criterion, EvidenceResult? Result);

/// <summary>A progress figure an imported document claimed (the old checker's <c>195%</c>): shown as a claim, never as progress.</summary>
/// <param name="Percent">The number claimed.</param>
/// <param name="Label">The label as written.</param>
/// <param name="Value">The value as written.</param>
/// <param name="Source">The file it came from.</param>
public sealed record ClaimedProgress(int Percent, string Label, string Value, string Source);

/// <summary>An expert's program evaluated against the knowledge base and task log.</summary>
/// <param name="State">The knowledge base evaluated.</param>
/// <param name="Template">The program (the template of the expert's role).</param>
/// <param name="Items">Every checklist item, in program order.</param>
/// <param name="Criteria">The success criteria.</param>
/// <param name="Metrics">The metrics the rules saw.</param>
/// <param name="Claims">Progress figures claimed by imported documents.</param>
/// <param name="ClaimedTicks">The imported program's typed ticks (ticked, items, file), if one was imported: claims, never progress.</param>
/// <param name="Materials">Every material of an expert's own program with its evidence; empty for a role template.</param>
public sealed record ProgramProgress(
    ExpertState State,
    ProgramTemplate Template,
    IReadOnlyList<ChecklistResult> Items,
    IReadOnlyList<CriterionResult> Criteria,
    ExpertMetrics Metrics,
    IReadOnlyList<ClaimedProgress> Claims,
    (int Ticked, int Items, string File)? ClaimedTicks = null,
    IReadOnlyList<MaterialResult>? Materials = null)
{
    /// <summary>Checklist items whose evidence holds.</summary>
    public int Done => Items.Count(i => i.Result.Holds);

    /// <summary>Checklist items with an evidence rule; an item without one (<see cref="NoRule"/>) needs a person and is counted apart.</summary>
    public int Total => Items.Count(i => i.Item.Rule is not NoRule);

    /// <summary>Checklist items no evidence rule can prove: they need a person's confirmation.</summary>
    public int NeedPerson => Items.Count(i => i.Item.Rule is NoRule);

    /// <summary>Share of items whose evidence holds, 0–100, rounded down so 100 means every item.</summary>
    public int Percent => Total == 0 ? 0 : Done * 100 / Total;

    /// <summary>Items with a rule still open, in program order.</summary>
    public IEnumerable<ChecklistResult> Open => Items.Where(i => !i.Result.Holds && i.Item.Rule is not NoRule);

    /// <summary>The stage the expert's program weeks are at now (by weeks since onboarding), or null past the last one.</summary>
    public ProgramStage? StageAt(DateTimeOffset now)
    {
        var week = Math.Max(1, (int)((now - State.CreatedAt).TotalDays / 7) + 1);
        return Template.Stages.FirstOrDefault(s => week <= s.ToWeek);
    }
}

/// <summary>Evaluates programs. Pure.</summary>
public static partial class ProgramEvaluator
{
    /// <summary>
    /// The expert's program, evaluated: their own when they brought one (<see cref="ProgramCompiler"/>), else the
    /// template of their role.
    /// </summary>
    public static ProgramProgress Evaluate(ExpertState state, ProgramCatalog catalog) => Evaluate(state, ProgramOf(state, catalog));

    /// <summary>The program an expert follows: their own imported one, else their role's template.</summary>
    public static ProgramTemplate ProgramOf(ExpertState state, ProgramCatalog catalog) =>
        state.ImportedProgram is { } own ? ProgramCompiler.Compile(own) : catalog.ForRole(state.Role);

    /// <summary>A given program evaluated against a knowledge base.</summary>
    public static ProgramProgress Evaluate(ExpertState state, ProgramTemplate template)
    {
        var context = EvidenceContext.Of(state);
        var items = template.Checklist.Select(x => new ChecklistResult(x.Stage, x.Item, x.Item.Rule.Evaluate(context))).ToList();
        var criteria = template.SuccessCriteria.Select(c => new CriterionResult(c, c.Rule?.Evaluate(context))).ToList();
        var imported = state.ImportedProgram;
        (int, int, string)? ticks = imported is { CheckCount: > 0 }
            ? (imported.Stages.Sum(st => st.Items.Count(i => i.Claimed)), imported.CheckCount, imported.FileName)
            : null;
        var materials = template.Materials?.Select(m => new MaterialResult(m, m.Rule.Evaluate(context))).ToList() ?? [];
        return new ProgramProgress(state, template, items, criteria, context.Metrics, ClaimsOf(state), ticks, materials);
    }

    /// <summary>Percent figures claimed as status or progress among the claims imported with the expert's documents
    /// (<c>Статус: МАКСИМАЛЬНЫЙ УРОВЕНЬ ДОСТИГНУТ (195%)</c>); a percentage under another label (test coverage) is not progress.</summary>
    public static IReadOnlyList<ClaimedProgress> ClaimsOf(ExpertState state) =>
        state.Claims
            .Concat(state.ImportedProgram?.Claims.Select(c => new MetricClaim(c.Label, c.Value, "import:" + state.ImportedProgram.FileName)) ?? [])
            .Where(c => ProgressLabel().IsMatch(c.Label))
            .Select(c => (Claim: c, Match: PercentPattern().Match(c.Value)))
            .Where(x => x.Match.Success)
            .Select(x => new ClaimedProgress(int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.Claim.Label, x.Claim.Value, x.Claim.Source))
            .DistinctBy(c => (c.Percent, c.Source))
            .ToList();

    [GeneratedRegex("статус|прогресс|уровень|status|progress|level", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProgressLabel();

    [GeneratedRegex(@"(\d{1,4})\s*%")]
    private static partial Regex PercentPattern();
}
