namespace KnowledgeOs.Learning;

/// <summary>Rules of learning that a team may tune.</summary>
/// <param name="PromoteAfterSuccessfulTasks">Distinct successful tasks that must evidence a <c>learned</c> item before it is <c>known</c>.</param>
/// <param name="Limits">How much one report or command may carry; <see cref="ReportLimits.Default"/> when null.</param>
public sealed record LearningOptions(int PromoteAfterSuccessfulTasks = 2, ReportLimits? Limits = null)
{
    /// <summary>The limits in force.</summary>
    public ReportLimits LimitsInForce => Limits ?? ReportLimits.Default;

    /// <summary>The defaults.</summary>
    public static LearningOptions Default { get; } = new();
}
