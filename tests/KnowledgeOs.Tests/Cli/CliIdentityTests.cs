using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary><c>kos expert alias add|remove</c>, <c>kos expert merge</c> and what <c>kos learn</c> says it matched.</summary>
public sealed class CliIdentityTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    private string Retro(string file, string id, string name, string role) => _dir.Write(file, $$"""
        { "task_id": "{{id}}", "task_name": "Review {{id}}", "completed_at": "2026-03-02T10:00:00Z", "overall_success": true,
          "experts": [ { "name": "{{name}}", "role": "{{role}}", "new_knowledge": ["Knowledge from {{id}}"] } ] }
        """);

    [Fact]
    public async Task A_name_in_another_script_learns_into_the_existing_expert_and_the_output_says_which_matched()
    {
        await Kos.RunAsync("expert", "add", "andrey", "--name", "Andrey", "--role", "Frontend Developer", "--data", Db);

        var run = await Kos.RunAsync("learn", Retro("r.json", "R-1", "Андрей", "Frontend Developer"), "--onboard", "--data", Db);
        var list = await Kos.RunAsync("expert", "list", "--data", Db, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("matched Андрей → andrey (transliteration", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("andrey-2", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alias_added_by_hand_lets_a_report_name_the_expert_and_removing_it_refuses_the_name_again()
    {
        await Kos.RunAsync("expert", "add", "lena", "--name", "Елена", "--role", "Legal Counsel", "--data", Db);

        var added = await Kos.RunAsync("expert", "alias", "add", "lena", "Юрист", "--data", Db);
        var learned = await Kos.RunAsync("learn", Retro("a.json", "R-1", "Юрист", "Legal Counsel"), "--data", Db);
        var removed = await Kos.RunAsync("expert", "alias", "remove", "lena", "Юрист", "--data", Db);
        var refused = await Kos.RunAsync("learn", Retro("b.json", "R-2", "Юрист", "Legal Counsel"), "--data", Db);

        Assert.Equal((0, 0, 0), (added.ExitCode, learned.ExitCode, removed.ExitCode));
        Assert.Matches(@"│ изучен\s+│", learned.Out); // the team is Russian: its table says so in Russian
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("no expert 'Юрист'", refused.Out + refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merging_a_twin_twice_writes_once_and_its_slug_then_leads_to_the_survivor()
    {
        await Kos.RunAsync("expert", "add", "andrey", "--name", "Andrey", "--role", "Frontend Developer", "--data", Db);
        await Kos.RunAsync("expert", "add", "andrey-2", "--name", "Андрей", "--role", "Frontend Engineer", "--data", Db);
        await Kos.RunAsync("learn", Retro("a.json", "R-1", "Андрей", "Frontend Engineer"), "--data", Db);

        var first = await Kos.RunAsync("expert", "merge", "andrey-2", "andrey", "--data", Db);
        var history = (await Kos.RunAsync("history", "andrey", "--data", Db, "--json")).Out;
        var second = await Kos.RunAsync("expert", "merge", "andrey-2", "andrey", "--lang", "en", "--data", Db); // the team is Russian
        var history2 = (await Kos.RunAsync("history", "andrey", "--data", Db, "--json")).Out;

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("Knowledge from R-1", history, StringComparison.Ordinal);
        Assert.Contains("nothing changed", second.Out, StringComparison.Ordinal);
        Assert.Equal(history, history2);
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
