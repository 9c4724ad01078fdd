using KnowledgeOs.Storage;
using Microsoft.Extensions.DependencyInjection;
using KnowledgeOs.Tests.Api;

namespace KnowledgeOs.Tests.Dashboard;

/// <summary>
/// The dashboard's team view is kept under the token the other derived caches use (the log's head and the projection
/// generation): a page load while nothing changed reads those two and nothing else of the team, and a write shows on
/// the next load.
/// </summary>
public sealed class DashboardTeamTokenTests
{
    private const string Overview = "ui/teams/" + SampleServer.Team; // no language asked: the page takes the team's
    private static readonly string[] Pages = [Overview, "ui/teams/" + SampleServer.Team + "/skill-matrix.svg", "ui/teams/" + SampleServer.Team + "/progress.svg"];

    [Fact]
    public async Task The_team_pages_list_no_expert_while_nothing_changed_and_show_a_write_on_the_next_load()
    {
        var (started, listings) = await StartCountingAsync();
        await using var server = started;
        foreach (var page in Pages) await GetAsync(server.Client, page);

        var listedBefore = listings().Listed;
        foreach (var page in Pages) await GetAsync(server.Client, page);
        var listed = listings().Listed - listedBefore;

        Assert.True(listed == 0, $"the overview and its two pictures listed the team's experts {listed} times while nothing changed");
        await server.Client.LearnAsync(SampleServer.Team, Http.Report("TOKEN-1", "ivan", "Shown on the next load of the overview"));
        Assert.Contains("Shown on the next load of the overview", await GetAsync(server.Client, Overview), StringComparison.Ordinal);
        Assert.Contains("7 <span class=\"muted\">из 7</span>", await GetAsync(server.Client, Overview), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_other_team_pages_list_no_expert_to_find_the_teams_language_while_nothing_changed()
    {
        var (started, listings) = await StartCountingAsync();
        await using var server = started;
        // No lang= and no cookie: each page takes the team's language, as the overview does.
        var team = "ui/teams/" + SampleServer.Team;
        string[] pages = [team + "/experts/ivan", team + "/experts/ivan/history", team + "/search", team + "/route"];
        const string missing = "ui/teams/" + SampleServer.Team + "/experts/nobody";
        await GetAsync(server.Client, Overview);
        foreach (var page in pages) await GetAsync(server.Client, page);
        await NotFoundAsync(server.Client, missing);

        var listedBefore = listings().Listed;
        foreach (var page in pages) await GetAsync(server.Client, page);
        await NotFoundAsync(server.Client, missing);
        var listed = listings().Listed - listedBefore;

        Assert.True(listed == 0, $"the expert, history, search, route and not-found pages listed the team's experts {listed} times while nothing changed");
        // Still the team's language: the sample team is Russian.
        Assert.Contains("<html lang=\"ru\">", await GetAsync(server.Client, pages[0]), StringComparison.Ordinal);
    }

    /// <summary>The sample server, its store counting the team listings (the store is made at the first request).</summary>
    private static async Task<(ApiServer Server, Func<Listings> Listings)> StartCountingAsync()
    {
        Listings? store = null;
        var server = await SampleServer.StartAsync(builder =>
        {
            var registered = builder.Services.Last(s => s.ServiceType == typeof(IEventStore));
            builder.Services.Remove(registered);
            builder.Services.AddSingleton<IEventStore>(sp =>
                store = new Listings(registered.ImplementationInstance as IEventStore ?? (IEventStore)registered.ImplementationFactory!(sp)));
        });
        return (server, () => store!);
    }

    private static async Task NotFoundAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The server's store, counting the listings of a team's experts.</summary>
    private sealed class Listings(IEventStore inner) : ForwardingEventStore(inner)
    {
        private int _listed;

        public int Listed => Volatile.Read(ref _listed);

        public override Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct)
        {
            Interlocked.Increment(ref _listed);
            return base.ListAsync(team, ct);
        }
    }
}
