using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Tests.Samples;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>Errors in a reader's words, naming the file, with the exit codes of the README's table.</summary>
public sealed class CliPlainErrorsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    [Fact]
    public async Task A_report_naming_an_unknown_expert_is_refused_naming_its_file()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);
        var file = SamplesFolder.File("bad", "unknown-expert.json");
        var run = await Kos.RunAsync("learn", file, "--data", Db);
        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Contains($"{file}: experts[0]: no expert", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_report_under_a_learned_task_id_is_a_conflict_told_as_a_task_not_a_key()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);
        var original = SamplesFolder.Reports()[0];
        var changed = _dir.Write("changed.json", File.ReadAllText(original).Replace("\"outcome\": \"success\"", "\"outcome\": \"failure\"", StringComparison.Ordinal));
        Assert.NotEqual(File.ReadAllText(original), File.ReadAllText(changed));

        var run = await Kos.RunAsync("learn", changed, "--data", Db);

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains($"{changed}: task ORB-101 was already learned with other content", run.Out, StringComparison.Ordinal);
        Assert.Contains("--amend", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Idempotency", run.Out + run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Retract_without_a_reason_is_a_usage_error()
    {
        var run = await Kos.RunAsync("item", "retract", "ivan", "book-0f545fb22272", "--data", Db);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--reason is required", run.Error, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
