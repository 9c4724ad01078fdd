namespace KnowledgeOs.Learning;

/// <summary>Rules of learning that a team may tune.</summary>
/// <param name="PromoteAfterSuccessfulTasks">Distinct successful tasks that must evidence a <c>learned</c> item before it is <c>known</c>.</param>
public sealed record LearningOptions(int PromoteAfterSuccessfulTasks = 2)
{
    /// <summary>The defaults.</summary>
    public static LearningOptions Default { get; } = new();
}
