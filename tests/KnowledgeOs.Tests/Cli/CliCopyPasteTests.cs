using System.Text.Json;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>What a newcomer types, as the README and the program's own hints write it.</summary>
public sealed class CliCopyPasteTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    [Fact]
    public async Task A_key_created_without_a_name_is_held_by_the_os_user()
    {
        var run = await Kos.RunAsync("keys", "create", "--team", "default", "--scope", "read,write", "--data", Db, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(Environment.UserName, JsonDocument.Parse(run.Out).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Item_add_prints_the_id_that_item_retract_takes_in_text_and_in_json()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);
        var added = await Kos.RunAsync("item", "add", "ivan", "book", "Release It!", "--field", "author=Michael Nygard", "--data", Db, "--json");
        var id = JsonDocument.Parse(added.Out).RootElement.GetProperty("itemId").GetString()!;
        var again = await Kos.RunAsync("item", "add", "ivan", "book", "Release It!", "--field", "author=Michael Nygard", "--data", Db);
        Assert.Contains(id, again.Out, StringComparison.Ordinal);
        var retracted = await Kos.RunAsync("item", "retract", "ivan", id, "--reason", "superseded", "--data", Db);
        Assert.True(retracted.ExitCode == 0, retracted.Error);
    }

    [Fact]
    public async Task Global_options_before_the_command_are_taken_as_after_it()
    {
        var before = await Kos.RunAsync("--data", Db, "--team", "alpha", "--json", "demo");
        Assert.True(before.ExitCode == 0, before.Error);
        Assert.Equal("alpha", JsonDocument.Parse(before.Out).RootElement.GetProperty("team").GetString());
        var after = await Kos.RunAsync("expert", "list", "--data", Db, "--team", "alpha", "--json");
        Assert.Contains("ivan", after.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "lern", "x" }, "Did you mean learn?")]
    [InlineData(new[] { "item", "retrakt" }, "Did you mean retract?")]
    [InlineData(new[] { "expert", "list", "--josn" }, "Did you mean --json?")]
    public async Task A_mistyped_command_or_option_is_a_usage_error_with_a_suggestion(string[] args, string suggestion)
    {
        var run = await Kos.RunAsync([.. args, "--data", Db]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(suggestion, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_examples_quote_arguments_with_spaces_so_a_shell_keeps_them_whole()
    {
        var help = await Kos.RunAsync("item", "add", "--help");
        Assert.Contains("\"Designing Data-Intensive Applications\"", help.Out, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
