using KnowledgeOs;
using KnowledgeOs.Server;

// `dotnet run --project src/KnowledgeOs.Server -- --urls http://127.0.0.1:5080 --data kos-data/kos.db`; `kos serve` is the usual way.
try
{
    var options = ServerArguments.Parse(args);
    await using var app = await KosServer.BuildAsync(options, CancellationToken.None);
    await app.RunAsync();
    return 0;
}
catch (KnowledgeOsException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return ex.ExitCode;
}
