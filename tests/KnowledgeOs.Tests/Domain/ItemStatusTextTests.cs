using System.Text.Json;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Tests.Domain;

public sealed class ItemStatusTextTests
{
    [Theory]
    [InlineData(ItemStatus.Active, "active")]
    [InlineData(ItemStatus.Retracted, "retracted")]
    public void An_item_status_is_written_and_read_as_the_text_stored_before_it_was_an_enum(ItemStatus status, string text)
    {
        Assert.Equal($"\"{text}\"", JsonSerializer.Serialize(status));
        Assert.Equal(status, JsonSerializer.Deserialize<ItemStatus>($"\"{text}\""));
        Assert.Equal(text, status.Code());
        Assert.Equal(status, ItemStatuses.FromStored(text));
    }

    [Fact]
    public void A_status_no_version_wrote_is_refused_naming_it()
    {
        var error = Assert.Throws<FormatException>(() => ItemStatuses.FromStored("archived"));

        Assert.Contains("'archived'", error.Message, StringComparison.Ordinal);
        Assert.Null(ItemStatuses.Parse("archived"));
    }
}
