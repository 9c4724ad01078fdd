using KnowledgeOs;
using KnowledgeOs.Server;

// `dotnet run --project src/KnowledgeOs.Server -- --urls http://127.0.0.1:5080 --data kos-data/kos.db`; `kos serve` is the usual way.
// First, before anything reaches the thread pool: the runtime reads its spin setting when the pool starts.
KnowledgeOs.Hosting.ThreadPoolSpin.ApplyFor(args, Environment.GetEnvironmentVariable);
try
{
    var options = ServerArguments.Parse(args);
    await using var app = await KosServer.BuildAsync(options, CancellationToken.None);
    await KosServer.StartAsync(app, CancellationToken.None);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (KnowledgeOsException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    // Only two kinds can stop a start: bad arguments (kos's exit code 2) or a store that cannot be opened (5), as `kos serve` exits.
    return ex is InputException ? 2 : 5;
}
catch (Exception ex)
{
    // Never a stack trace on the console: one line, and the exit code kos uses for a defect (70).
    await Console.Error.WriteLineAsync($"error: internal error ({ex.GetType().Name}): {ex.Message}");
    return 70;
}
