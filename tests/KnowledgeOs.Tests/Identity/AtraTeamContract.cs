using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Learning;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Import;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Identity;

/// <summary>
/// The real ATRA team end to end (issue 11): its 44 files imported, then retrospectives in ATRA's own format naming
/// each expert as ATRA's tools do (<c>check_learning_progress.py</c>: Андрей, Дарья, Никита, София, Юлия…).
/// Run on each store.
/// </summary>
public abstract class AtraTeamContract(ITestStores stores) : StoreContract(stores)
{
    private const string Team = "atra";

    /// <summary>The 22 people as ATRA's tools name them, with their roles (written here, not read from the fixtures).</summary>
    private static readonly (string Name, string Role, string Slug)[] People =
    [
        ("Виктория", "Team Lead", "viktoriya"), ("Дмитрий", "ML Engineer", "dmitriy"), ("Игорь", "Backend Developer", "igor"),
        ("Сергей", "DevOps Engineer", "sergey"), ("Анна", "QA Engineer", "anna"), ("Максим", "Data Analyst", "maxim"),
        ("Елена", "Monitor", "elena"), ("Алексей", "Security Engineer", "alexey"), ("Павел", "Trading Strategy Developer", "pavel"),
        ("Мария", "Risk Manager", "maria"), ("Роман", "Database Engineer", "roman"), ("Ольга", "Performance Engineer", "olga"),
        ("Татьяна", "Technical Writer", "tatyana"), ("Екатерина", "Financial Analyst", "ekaterina"),
        ("Андрей", "Frontend Developer", "andrey"), ("София", "UI/UX Designer", "sofia"), ("Никита", "Full-stack Developer", "nikita"),
        ("Дарья", "SEO & AI Visibility Specialist", "daria"), ("Марина", "Content Manager", "marina"),
        ("Юлия", "Legal Counsel", "yuliya"), ("Артем", "Code Reviewer", "artem"), ("Анастасия", "Product Manager", "anastasiya"),
    ];

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time)
    {
        Skip.If(Repo.Fixtures is null, "../shared/fixtures is absent: the ATRA team test needs the real documents.");
        return base.CreateStoreAsync(time);
    }

    private static TaskReport Retrospective(int n, string name, string role) => ReportParser.Parse(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["task_id"] = $"ATRA-RETRO-{n:00}",
        ["task_name"] = $"Weekly review {n}",
        ["task_description"] = "Review of the week's incidents",
        ["completed_at"] = $"2026-11-{n % 28 + 1:00}T10:00:00Z",
        ["duration_minutes"] = 45,
        ["experts"] = new[]
        {
            new Dictionary<string, object>
            {
                ["name"] = name, ["role"] = role,
                ["what_worked"] = new[] { "Short feedback loops" },
                ["what_to_improve"] = new[] { "Write the runbook first" },
                ["new_knowledge"] = new[] { $"Retrospective insight number {n} for {role}" },
            },
        },
        ["overall_success"] = true,
    }), $"retro-{n}.json");

    private async Task<(IEventStore Store, KnowledgeService Service)> ImportedTeamAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var store = await CreateStoreAsync(time);
        var import = await new ImportService(store, time).ImportAsync(Team, [.. ImportFiles.Knowledge(), .. ImportFiles.Programs()]);
        Assert.Equal(44, import.Files.Count);
        Assert.All(import.Files, f => Assert.True(f.Ok, $"{f.Path}: {f.Error}"));
        Imported = import;
        return (store, new KnowledgeService(store, time));
    }

    private ImportReport Imported { get; set; } = null!;

    [SkippableFact]
    public async Task Every_expert_learns_from_a_retrospective_naming_them_as_ATRA_does_and_a_replay_writes_nothing()
    {
        var (store, service) = await ImportedTeamAsync();
        await using var _ = store as IAsyncDisposable;
        var before = (await store.ListAsync(Team, CancellationToken.None)).Select(e => e.State.Slug).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(22, before.Count);

        for (var i = 0; i < People.Length; i++)
        {
            var (name, role, slug) = People[i];
            var result = await service.LearnAsync(Team, Retrospective(i + 1, name, role), onboardUnknown: true, CancellationToken.None);
            Assert.Empty(result.Onboarded);
            Assert.Equal(slug, Assert.Single(result.Changes).Expert);
            Assert.True(result.EventCount > 0, $"{name}: nothing learned");
        }
        var after = (await store.ListAsync(Team, CancellationToken.None)).Select(e => e.State.Slug).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(before, after);

        var replayed = 0;
        for (var i = 0; i < People.Length; i++)
            replayed += (await service.LearnAsync(Team, Retrospective(i + 1, People[i].Name, People[i].Role), true, CancellationToken.None)).EventCount;
        Assert.Equal(0, replayed);
    }

    [SkippableFact]
    public async Task Import_keeps_the_other_names_of_a_file_as_aliases_with_the_file_as_source()
    {
        var (store, service) = await ImportedTeamAsync();
        await using var _ = store as IAsyncDisposable;

        var andrey = (await service.GetAsync(Team, "andrey", null, CancellationToken.None)).State;
        var alias = Assert.Single(andrey.Aliases, a => a.Name == "Андрей");
        Assert.Equal((AliasKind.Title, "import:andrey_program.md"), (alias.Kind, alias.Source));
        var yuliya = (await service.GetAsync(Team, "yuliya", null, CancellationToken.None)).State;
        Assert.Equal(("Елена", "Legal Counsel"), (yuliya.DisplayName, yuliya.Role));
        var elena = (await service.GetAsync(Team, "elena", null, CancellationToken.None)).State;
        Assert.Equal("Monitor", elena.Role);
        var yuliyaFile = Imported.Files.Single(f => f.Path.EndsWith("yuliya_knowledge.md", StringComparison.Ordinal));
        Assert.Contains(yuliyaFile.Warnings, w => w.Message.Contains("the file name says 'yuliya'", StringComparison.Ordinal));
        // One of the two Елена files, whichever was imported second, names the other.
        Assert.Contains(Imported.Files.SelectMany(f => f.Warnings), w => w.Message.Contains("also named 'Елена'", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_name_two_experts_answer_to_without_a_role_is_refused_listing_both()
    {
        var (store, service) = await ImportedTeamAsync();
        await using var _ = store as IAsyncDisposable;

        var ex = await Assert.ThrowsAsync<InputException>(() => service.LearnAsync(Team, ReportParser.Parse("""
            { "task_id": "AMB-1", "task_name": "Contract review", "completed_at": "2026-11-20T10:00:00Z",
              "experts": [ { "name": "Елена", "new_knowledge": ["Check the jurisdiction"] } ], "overall_success": true }
            """, "amb.json"), true, CancellationToken.None));

        Assert.Contains("elena", ex.Message, StringComparison.Ordinal);
        Assert.Contains("yuliya", ex.Message, StringComparison.Ordinal);
        Assert.Equal(22, (await store.ListAsync(Team, CancellationToken.None)).Count);
    }
}

/// <summary>The ATRA team on SQLite.</summary>
public sealed class SqliteAtraTeamTests() : AtraTeamContract(new SqliteTestStores());

/// <summary>The ATRA team on PostgreSQL.</summary>
public sealed class PostgresAtraTeamTests() : AtraTeamContract(new PostgresTestStores());
