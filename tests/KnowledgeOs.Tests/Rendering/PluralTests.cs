using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>Counts are worded with the right plural form in both languages, and the level line is worded from numbers.</summary>
public class PluralTests
{
    [Theory]
    [InlineData(0, "0 задач")]
    [InlineData(1, "1 задача")]
    [InlineData(2, "2 задачи")]
    [InlineData(4, "4 задачи")]
    [InlineData(5, "5 задач")]
    [InlineData(11, "11 задач")]
    [InlineData(12, "12 задач")]
    [InlineData(14, "14 задач")]
    [InlineData(21, "21 задача")]
    [InlineData(22, "22 задачи")]
    [InlineData(25, "25 задач")]
    [InlineData(101, "101 задача")]
    [InlineData(111, "111 задач")]
    [InlineData(112, "112 задач")]
    [InlineData(1021, "1021 задача")]
    public void Russian_counts_take_one_of_three_forms(long n, string expected) => Assert.Equal(expected, RenderLabels.Ru.Tasks(n));

    [Theory]
    [InlineData(0, "0 tasks")]
    [InlineData(1, "1 task")]
    [InlineData(2, "2 tasks")]
    [InlineData(21, "21 tasks")]
    public void English_counts_take_one_of_two_forms(long n, string expected) => Assert.Equal(expected, RenderLabels.En.Tasks(n));

    [Theory]
    [InlineData(1, "1 решённая проблема", "1 problem solved")]
    [InlineData(3, "3 решённые проблемы", "3 problems solved")]
    [InlineData(11, "11 решённых проблем", "11 problems solved")]
    [InlineData(1, "1 новая запись", "1 new item")]
    public void Other_nouns_agree_with_their_count(long n, string ru, string en)
    {
        if (ru.Contains("проблем", StringComparison.Ordinal))
        {
            Assert.Equal(ru, RenderLabels.Ru.ProblemsSolvedCount(n));
            Assert.Equal(en, RenderLabels.En.ProblemsSolvedCount(n));
        }
        else
        {
            Assert.Equal(ru, RenderLabels.Ru.NewItems(n));
            Assert.Equal(en, RenderLabels.En.NewItems(n));
        }
    }

    [Fact]
    public void The_level_line_is_worded_from_the_domain_numbers_in_each_language()
    {
        var evidence = ExpertiseLevel.Evidence(tasks: 21, successful: 18, problemsSolved: 1, known: 5, publications: 0, mentees: 0);
        Assert.Equal(new LevelEvidence(2, 21, 86, 1), evidence); // level 3 needs 3 problems solved
        Assert.Equal("★★☆☆☆ — 21 задача, 86% успешных, 1 решённая проблема", RenderLabels.Ru.LevelLine(evidence));
        Assert.Equal("★★☆☆☆ — 21 tasks, 86% successful, 1 problem solved", RenderLabels.En.LevelLine(evidence));
        Assert.Equal("★☆☆☆☆ — задач пока нет", RenderLabels.Ru.LevelLine(new LevelEvidence(1, 0, 0, 0)));
        Assert.Equal("★★☆☆☆ — 22 задачи, 100% успешных, 0 решённых проблем", RenderLabels.Ru.LevelLine(new LevelEvidence(2, 22, 100, 0)));
        Assert.Equal("★★☆☆☆ — 11 задач, 100% успешных, 5 решённых проблем", RenderLabels.Ru.LevelLine(new LevelEvidence(2, 11, 100, 5)));
    }

    [Fact]
    public void A_stored_level_reason_reads_back_into_the_numbers_it_was_written_from()
    {
        var evidence = new LevelEvidence(3, 14, 86, 6);
        Assert.Equal("★★★☆☆ — 14 tasks, 86% successful, 6 problems solved", evidence.Stored);
        Assert.Equal(evidence, LevelEvidence.FromStored(3, evidence.Stored));
        Assert.Equal(new LevelEvidence(1, 0, 0, 0), LevelEvidence.FromStored(1, "★☆☆☆☆ — no tasks yet"));
        Assert.Null(LevelEvidence.FromStored(2, "set by hand"));
    }

    [Fact]
    public void English_counts_of_one_take_the_singular_on_every_page_and_line_that_words_them()
    {
        Assert.Equal("1 more successful task", DashboardLabels.En.LevelNeed(new LevelNeed(LevelNeedKind.SuccessfulTasks, 1)));
        Assert.Equal("1 more problem solved", DashboardLabels.En.LevelNeed(new LevelNeed(LevelNeedKind.ProblemsSolved, 1)));
        Assert.Equal("1 more known item", DashboardLabels.En.LevelNeed(new LevelNeed(LevelNeedKind.KnownItems, 1)));
        Assert.Equal("History (1 event)", DashboardLabels.En.HistoryLink(1));
        Assert.Equal("1 event", DashboardLabels.En.Events(1));
        Assert.Equal("1 item matches ‘retry’.", DashboardLabels.En.Matches(1, false, "retry"));
        Assert.Equal("failed in 1 task, succeeded in 0; retract with", DashboardLabels.En.SuspectCounts(1, 0));
        Assert.Equal("🚩 under suspicion: failed in 1 task", RenderLabels.En.SuspectNote(1));
        Assert.Equal("1 item, 1 source, 1 task, version 3.", CliLabels.En.HistorySummary(1, 1, 1, 3));
        Assert.Equal("2 items, 2 sources, 2 tasks, version 3.", CliLabels.En.HistorySummary(2, 2, 2, 3));
    }

    [Fact]
    public void The_command_lines_english_summaries_count_one_in_the_singular()
    {
        var l = CliLabels.En;
        Assert.Equal("1 learned, 0 already known (no change), 0 with errors; 1 event written (1 file; --json lists every one).", l.LearnSummary(1, 0, 0, 0, 1, 1));
        Assert.Equal("1 file imported, 0 already imported (no change), 0 with errors; 1 item, 1 repeat dropped, 1 claim, 1 event written.",
            l.ImportSummary(false, 1, 0, 0, 1, 1, 1, 1));
        Assert.Equal("2 files imported, 0 already imported (no change), 0 with errors; 2 items, 0 repeats dropped, 0 claims, 3 events written.",
            l.ImportSummary(false, 2, 0, 0, 2, 0, 0, 3));
        Assert.Equal("1 of 2 files was not imported (listed above); the others were.", l.ImportFailed(false, 1, 2));
        Assert.Equal("1 more file imported cleanly; --json lists every one.", l.MoreFilesClean(1));
        Assert.Equal("Team 'demo' in kos.db: 1 expert (1 new).", l.DemoOpening("demo", "kos.db", 1, 1));
        Assert.Equal("onboarded, 1 event", l.ImportResult(true, false, 1, false, true));
        Assert.Equal("would write 1 event", l.ImportResult(true, false, 1, true, true));
        Assert.Equal("Sample team 'default': 1 expert, 1 report learned now.", l.SampleLoaded("default", 1, 1));
    }
}
