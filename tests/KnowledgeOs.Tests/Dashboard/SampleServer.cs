using Microsoft.AspNetCore.Builder;
using KnowledgeOs.Hosting;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Dashboard;

/// <summary>A real server on loopback over a SQLite file loaded with the sample team (as <c>kos demo</c> loads it).</summary>
public static class SampleServer
{
    /// <summary>The sample team's slug (team.json is loaded into the default team).</summary>
    public const string Team = "default";

    /// <summary>The five experts of samples/team.json.</summary>
    public static readonly string[] Experts = ["dmitriy", "ivan", "mariya", "mariya-qa", "yuliya"];

    /// <summary>Starts a server on the sample team with no keys (authentication off, loopback only); <paramref name="configure"/> may change the services.</summary>
    public static async Task<ApiServer> StartAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var folder = new TempFolder();
        var path = await LoadAsync(folder);
        return await ApiServer.StartAsync(ApiServer.Options(path), folder, configure);
    }

    /// <summary>Starts a server on the sample team with keys: read and write for the team, and read for another team.</summary>
    public static async Task<(ApiServer Server, string Read, string Write, string OtherTeam)> StartWithKeysAsync()
    {
        var folder = new TempFolder();
        var path = await LoadAsync(folder);
        var keys = await ApiKeyStore.OpenAsync(path, TimeProvider.System, default);
        var read = await keys.CreateAsync(Team, "viewer", ApiKeyScopes.Parse("read"), default);
        var write = await keys.CreateAsync(Team, "writer", ApiKeyScopes.Parse("read,write,admin"), default);
        var other = await keys.CreateAsync("other", "stranger", ApiKeyScopes.Parse("read"), default);
        var server = await ApiServer.StartAsync(ApiServer.Options(path), folder);
        return (server, read.Secret, write.Secret, other.Secret);
    }

    private static async Task<string> LoadAsync(TempFolder folder)
    {
        var path = folder.File("kos.db");
        var demo = await Kos.RunAsync("demo", "--data", path, "--samples", Repo.Samples, "--json");
        Assert.True(demo.ExitCode == 0, demo.Error);
        return path;
    }
}
