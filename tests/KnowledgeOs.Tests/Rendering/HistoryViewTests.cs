using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Rendering;

public class HistoryViewTests
{
    [Fact]
    public void History_gives_each_item_its_source_first_date_and_confirmations_in_order()
    {
        var state = SampleExpert.Build().State;
        var rows = HistoryView.Of(state);
        Assert.Equal(state.Items.Count, rows.Count);
        var known = rows.Single(r => r.Text == "Идемпотентные обработчики сообщений");
        Assert.Equal("known", known.Section);
        Assert.Equal("task:T-101", known.Source);
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 10, 0, 0, TimeSpan.Zero), known.FirstAt);
        Assert.Equal(["task:T-102", "task:T-103"], known.Confirmations.Select(c => c.Source));
        Assert.Equal(3, known.Evidence);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero), known.LastAt);
    }

    [Fact]
    public void History_can_leave_out_retracted_items_and_filter_by_section()
    {
        var state = SampleExpert.Build().State;
        var all = HistoryView.Of(state);
        var retracted = all.Single(r => r.Text == SampleExpert.RetractedText);
        Assert.Equal((ItemStatus.Retracted, "устарело"), (retracted.Status, retracted.RetractReason));
        Assert.DoesNotContain(HistoryView.Of(state, includeRetracted: false), r => r.Status == ItemStatus.Retracted);
        Assert.All(HistoryView.Of(state, SectionKind.Problem), r => Assert.Equal("problem", r.Section));
        Assert.Equal(2, HistoryView.Of(state, SectionKind.Problem).Count);
    }
}
