using KnowledgeOs.Hosting;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

public sealed class KeysCommandTests
{
    [Fact]
    public async Task Keys_are_created_listed_and_revoked_and_the_secret_is_printed_only_once()
    {
        using var folder = new TempFolder();
        var data = folder.File("kos.db");
        var created = await Kos.RunAsync("keys", "create", "--data", data, "--team", "demo", "--name", "ci-bot", "--scope", "read,write");
        Assert.Equal(0, created.ExitCode);
        var secret = created.Out.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("kos_", StringComparison.Ordinal));
        var id = ApiKeyStore.IdOf(secret)!;

        var list = await Kos.RunAsync("keys", "list", "--data", data);
        Assert.Contains(id, list.Out, StringComparison.Ordinal);
        Assert.Contains("ci-bot", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Out, StringComparison.Ordinal);

        var store = await ApiKeyStore.OpenAsync(data, TimeProvider.System, default);
        var stored = await store.FindAsync(id, default);
        Assert.True(ApiKeyStore.Matches(secret, stored!.Value.Hash));
        Assert.Equal(["read", "write"], stored.Value.Key.Scopes);

        Assert.Equal(0, (await Kos.RunAsync("keys", "revoke", id, "--data", data)).ExitCode);
        Assert.False((await store.FindAsync(id, default))!.Value.Key.Active);
        Assert.Equal(4, (await Kos.RunAsync("keys", "revoke", id, "--data", data)).ExitCode);
    }

    [Theory]
    [InlineData("--scope", "root")]
    [InlineData("--scope", "")]
    public async Task A_bad_scope_is_refused(string option, string value)
    {
        using var folder = new TempFolder();
        var run = await Kos.RunAsync("keys", "create", "--data", folder.File("kos.db"), "--name", "bot", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("scope", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refuses_a_non_loopback_address_without_keys()
    {
        using var folder = new TempFolder();
        var run = await Kos.RunAsync("serve", "--data", folder.File("kos.db"), "--urls", "http://0.0.0.0:5999");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("without API keys", run.Error, StringComparison.Ordinal);
    }
}
