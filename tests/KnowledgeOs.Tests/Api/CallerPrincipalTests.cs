using System.Collections.Concurrent;
using System.Security.Claims;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Tests.Api;

/// <summary>The principal each request ends with: built once for the local caller, per request for a key.</summary>
public sealed class CallerPrincipalTests
{
    [Fact]
    public async Task Every_request_of_the_local_caller_carries_one_principal_built_once()
    {
        var users = new ConcurrentQueue<ClaimsPrincipal>();
        var folder = new TempFolder();
        await using var server = await ApiServer.StartAsync(ApiServer.Options(folder.File("kos.db")), folder, Capture(users));
        await server.Client.OnboardAsync("default", "igor");
        await server.Client.LearnAsync("default", Http.Report("T-1", "igor", "Idempotent consumers"));
        await server.Client.GetJsonAsync("api/v1/teams/default/experts/igor");

        var seen = users.ToArray();
        Assert.Equal(3, seen.Length);
        Assert.Same(seen[0], seen[1]);
        Assert.Same(seen[0], seen[2]);
        // Nothing on the way added to the shared principal: still one identity with the local caller's two claims.
        var identity = Assert.Single(seen[0].Identities);
        Assert.Equal(["kos:local=true", $"{ClaimTypes.NameIdentifier}=local"], identity.Claims.Select(c => $"{c.Type}={c.Value}"));
    }

    [Fact]
    public async Task Every_request_with_a_key_carries_its_own_principal_naming_that_key()
    {
        var users = new ConcurrentQueue<ClaimsPrincipal>();
        var (server, keys) = await ApiServer.StartWithKeysAsync(o => o, Capture(users), ("alpha", "admin"), ("alpha", "read"));
        await using var _ = server;
        using var writer = server.NewClient(keys[0]);
        using var reader = server.NewClient(keys[1]);
        await writer.OnboardAsync("alpha", "igor");
        await writer.GetJsonAsync("api/v1/teams/alpha/experts/igor");
        await reader.GetJsonAsync("api/v1/teams/alpha/experts/igor");

        var seen = users.ToArray();
        Assert.Equal(3, seen.Length);
        Assert.Equal(3, seen.Distinct().Count());
        string KeyOf(ClaimsPrincipal user) => user.FindFirst(AccessClaims.KeyId)!.Value;
        Assert.Equal(KeyOf(seen[0]), KeyOf(seen[1]));
        Assert.NotEqual(KeyOf(seen[0]), KeyOf(seen[2]));
        Assert.All(seen, user => Assert.False(user.HasClaim(c => c.Type == AccessClaims.Local)));
    }

    [Fact]
    public async Task A_keys_principal_is_built_once_per_load_of_the_key_and_changed_scopes_or_a_revocation_take_effect_at_the_next_load()
    {
        var users = new ConcurrentQueue<ClaimsPrincipal>();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var cacheTime = TimeSpan.FromSeconds(2);
        var (server, keys) = await ApiServer.StartWithKeysAsync(o => o with { Time = clock, KeyCacheTime = cacheTime }, Capture(users), ("alpha", "read"));
        await using var _ = server;
        using var client = server.NewClient(keys[0]);
        await client.GetJsonAsync("api/v1/teams/alpha/experts");
        await client.GetJsonAsync("api/v1/teams/alpha/experts");

        // The key's scopes changed in the database (as another server's or the CLI's write would): seen at the next load.
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.DataPath};Pooling=False"))
        {
            await db.OpenAsync();
            await using var update = db.CreateCommand();
            update.CommandText = "UPDATE server_api_keys SET scopes = 'admin'";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
        using (var stillRead = await client.PostAsync("api/v1/teams/alpha/experts", Http.Json(Http.Expert("igor")))) await stillRead.ProblemAsync(403, "scope");
        clock.Advance(cacheTime);
        await client.OnboardAsync("alpha", "igor");

        var id = (await server.Keys.ListAsync("alpha", default)).Single().Id;
        Assert.True(await server.Keys.RevokeAsync(id, default));
        clock.Advance(cacheTime);
        using (var revoked = await client.GetAsync("api/v1/teams/alpha/experts")) await revoked.ProblemAsync(401);

        var seen = users.ToArray();
        Assert.Equal(5, seen.Length);
        Assert.Same(seen[0], seen[1]);
        Assert.Same(seen[0], seen[2]);
        Assert.NotSame(seen[0], seen[3]);
        Assert.Equal(["read"], seen[0].FindAll(AccessClaims.Scope).Select(c => c.Value));
        Assert.Equal(["admin"], seen[3].FindAll(AccessClaims.Scope).Select(c => c.Value));
        Assert.False(seen[4].Identity?.IsAuthenticated ?? false);
        // Nothing on the way added to the shared principal: one identity with the key's claims.
        var identity = Assert.Single(seen[0].Identities);
        Assert.Equal([$"{ClaimTypes.NameIdentifier}=key:{id}", $"{AccessClaims.KeyId}={id}", $"{AccessClaims.Team}=alpha", $"{AccessClaims.Scope}=read"],
            identity.Claims.Select(c => $"{c.Type}={c.Value}"));
    }

    /// <summary>Records each request's user once the whole pipeline has run.</summary>
    private static Action<WebApplicationBuilder> Capture(ConcurrentQueue<ClaimsPrincipal> users) =>
        builder => builder.Services.AddSingleton<IStartupFilter>(new UserCapture(users));

    private sealed class UserCapture(ConcurrentQueue<ClaimsPrincipal> users) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                await following(context);
                users.Enqueue(context.User);
            });
            next(app);
        };
    }
}
