using KnowledgeOs.Hosting;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// <c>kos serve</c> with a forwarding address turns the thread pool's spinning off (less CPU per forwarded write on
/// a few cores), every other process keeps the runtime's default, and an operator's own value wins. Real processes:
/// the runtime reads the setting once, when the pool starts, so only a fresh process shows what it does.
/// </summary>
public sealed class ThreadPoolSpinTests
{
    [SkippableFact]
    public async Task A_forwarding_server_spins_no_more_a_plain_one_keeps_the_default_and_the_operator_has_the_last_word()
    {
        TestPostgres.Require();
        await using var postgres = new TestPostgres();
        string[] store = ["--store", "postgres", "--connection", TestPostgres.WithSchema(postgres.NewSchema()), "--lang", "en"];
        string[] forwarding = [.. store, "--advertise-url", "http://127.0.0.1:9"];

        Assert.Contains("Thread-pool spinning is off on this forwarding server", await LinesToServingAsync(forwarding), StringComparison.Ordinal);
        Assert.Contains("Thread-pool spinning is off", await LinesToServingAsync(store, new() { ["KOS_ADVERTISE_URL"] = "http://127.0.0.1:9" }), StringComparison.Ordinal);
        Assert.Contains("Thread-pool spin limit 5 on this forwarding server",
            await LinesToServingAsync(forwarding, new() { [ThreadPoolSpin.Variable] = "5" }), StringComparison.Ordinal);
        Assert.DoesNotContain("Thread-pool", await LinesToServingAsync(store), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--advertise-url http://b:5080", null, true)]
    [InlineData("--store postgres --advertise-url=http://b:5080", null, true)]
    [InlineData("--advertise-url:http://b:5080", null, true)]
    [InlineData("--store postgres", "http://b:5080", true)]
    [InlineData("", null, false)]
    [InlineData("--store postgres", "", false)]
    [InlineData("--advertise-url", null, false)]
    [InlineData("--advertise-url=", null, false)]
    [InlineData("--urls http://127.0.0.1:5080", null, false)]
    public void Only_a_server_given_a_forwarding_address_is_a_forwarding_server(string args, string? environment, bool forwarding) =>
        Assert.Equal(forwarding, ThreadPoolSpin.IsForwardingServer(
            args.Split(' ', StringSplitOptions.RemoveEmptyEntries), name => name == "KOS_ADVERTISE_URL" ? environment : null));

    // What `kos serve ARGS` printed on stdout up to its Serving line.
    private static async Task<string> LinesToServingAsync(string[] args, Dictionary<string, string?>? environment = null)
    {
        await using var server = await ServeProcess.StartAsync(args, environment);
        return string.Join('\n', await server.LinesUntilAsync(line => line.StartsWith("Serving", StringComparison.Ordinal)));
    }
}
