using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>The one text policy: what ordinary text and identifiers may hold, for every write command.</summary>
public sealed class TextPolicyTests
{
    [Theory]
    // Code units, not strings: an attribute's string cannot carry a lone surrogate (it would arrive as U+FFFD).
    [InlineData(0x0000, "NUL")]
    [InlineData(0xD800, "unpaired surrogate")]
    [InlineData(0xDC00, "unpaired surrogate")]
    public void NUL_and_unpaired_surrogates_are_refused_in_any_text(int codeUnit, string problem)
    {
        var text = "a" + (char)codeUnit + "b";

        var ex = Assert.Throws<InputException>(() => TextPolicy.Text(text, "experts[0].newKnowledge[3]"));

        Assert.Equal("experts[0].newKnowledge[3]", ex.Field);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ORB-101\u200b")]
    [InlineData("ORB\u200c-101")]
    [InlineData("ORB\u200d-101")]
    [InlineData("ORB\u2060-101")]
    [InlineData("\ufeffORB-101")]
    [InlineData("ORB-\u202a101")]
    [InlineData("ORB-\u202e101")]
    [InlineData("ORB-\u2066101\u2069")]
    [InlineData("ORB-101\u200e")]
    [InlineData("ORB-101\u200f")]
    public void Bidi_controls_and_zero_width_characters_are_refused_in_identifiers_and_kept_in_text(string value)
    {
        Assert.Equal("taskId", Assert.Throws<InputException>(() => TextPolicy.Identifier(value, "taskId")).Field);
        Assert.Equal(value, TextPolicy.Text(value, "title"));
    }

    [Fact]
    public void Text_and_identifiers_are_NFC_normalised_and_a_surrogate_pair_is_fine()
    {
        Assert.Equal("Caf\u00e9 😀", TextPolicy.Text("Cafe\u0301 😀", "text"));
        Assert.Equal("T-\u00e9", TextPolicy.Identifier("T-e\u0301", "taskId"));
    }

    [Fact]
    public void Strict_UTF_8_decoding_refuses_a_broken_byte_and_drops_a_BOM()
    {
        Assert.Equal("ok", TextPolicy.DecodeUtf8([0xEF, 0xBB, 0xBF, (byte)'o', (byte)'k'], "f.json"));
        var ex = Assert.Throws<InputException>(() => TextPolicy.DecodeUtf8([(byte)'o', 0xC3, (byte)'k'], "f.json"));
        Assert.Equal("f.json", ex.Field);
        Assert.Contains("byte 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manual_items_and_profile_changes_follow_the_policy_in_the_decider_whatever_the_adapter()
    {
        var state = Given(Onboarded());

        Assert.Equal("text", Assert.Throws<InputException>(() => ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, "a\0b"), "manual:x", Day(1))).Field);
        Assert.Equal("author", Assert.Throws<InputException>(() => ExpertDecider.Add(state,
            new AddKnowledge(SectionKind.Book, "Book", new Dictionary<string, string> { ["author"] = "A\0" }), "manual:x", Day(1))).Field);
        Assert.Equal("fields", Assert.Throws<InputException>(() => ExpertDecider.Add(state,
            new AddKnowledge(SectionKind.Book, "Book", new Dictionary<string, string> { ["auth\u200bor"] = "A" }), "manual:x", Day(1))).Field);
        Assert.Equal("role", Assert.Throws<InputException>(() => ExpertDecider.Change(state, new ChangeExpert(Role: "QA\0"), "manual:x", Day(1))).Field);
        Assert.Equal("duties[1]", Assert.Throws<InputException>(() => ExpertDecider.Change(state, new ChangeExpert(Duties: ["ok", "x\ud800"]), "manual:x", Day(1))).Field);
    }

    [Theory]
    [InlineData("newKnowlege", "newKnowledge")]
    [InlineData("new_knowledge", "newKnowledge")]
    [InlineData("TaskID", "taskId")]
    [InlineData("colour", null)]
    public void The_nearest_known_name_is_suggested_only_when_it_is_a_slip(string name, string? expected)
    {
        Assert.Equal(expected, EditDistance.Nearest(name, ["taskId", "newKnowledge", "whatWorked", "title"]));
    }
}
