using KnowledgeOs.Rendering;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>The line writer of the team document and the learning programs: LF lines, a heading with its blank line, a list only when it has entries.</summary>
public class MarkdownLinesTests
{
    [Fact]
    public void A_heading_is_followed_by_a_blank_line_and_a_list_by_one_after_its_bullets()
    {
        var md = new MarkdownLines();
        md.Heading("# Title");
        md.List("## Books", ["DDIA", "SRE"]);
        md.Line("end");
        Assert.Equal("# Title\n\n## Books\n\n- DDIA\n- SRE\n\nend\n", md.ToString());
    }

    [Fact]
    public void A_list_with_no_entries_writes_nothing_not_even_its_heading()
    {
        var md = new MarkdownLines();
        md.List("## Books", []);
        md.Append("| a |\n");
        Assert.Equal("| a |\n", md.ToString());
    }
}
