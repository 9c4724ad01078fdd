using KnowledgeOs.Rendering;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>The words of <c>kos task cancel</c> and of a search hit found by meaning, in both languages (the CLI tests run the Russian sample team).</summary>
public sealed class TaskAndMeaningLabelsTests
{
    [Fact]
    public void A_hit_found_by_meaning_reads_with_the_languages_decimal_separator()
    {
        Assert.Equal("by meaning 0.45", CliLabels.En.ByMeaning(0.447));
        Assert.Equal("по смыслу 0,45", CliLabels.Ru.ByMeaning(0.447));
    }

    [Fact]
    public void A_cancel_says_for_whom_the_task_was_closed_or_that_nothing_changed()
    {
        Assert.Equal("Task ORB-1 cancelled for igor, olga: no longer their open work.", CliLabels.En.TaskCancelled("ORB-1", ["igor", "olga"]));
        Assert.Equal("Task ORB-1 is not open for any expert named; nothing changed.", CliLabels.En.TaskCancelled("ORB-1", []));
        Assert.Equal("Задача ORB-1 не открыта ни у одного из названных экспертов; ничего не изменилось.", CliLabels.Ru.TaskCancelled("ORB-1", []));
    }
}
