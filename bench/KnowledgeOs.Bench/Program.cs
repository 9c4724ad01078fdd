using KnowledgeOs.Bench;

// One line per benchmark; each lives in its own file as an IBench.
IBench[] benches =
[
    new StoreBench(),
    new LearnBench(),
    new LearnStagesBench(),
    new ImportBench(),
    new PostgresBench(),
    new SearchBench(),
    new RetrievalBench(),
    new EvalBench(),
    new EmbeddingBench(),
    new LemmasLoadBench(),
    new FeedBench(),
    new FeedClients(),
    new McpIdleBench(),
    new ServeIdleBench(),
];

var name = args.FirstOrDefault();
var bench = benches.FirstOrDefault(b => b.Name == name);
if (bench is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/KnowledgeOs.Bench -- <bench> [options]");
    foreach (var b in benches) Console.Error.WriteLine($"  {b.Name,-10} {b.Description}");
    return name is null or "--help" or "-h" ? 0 : 1;
}
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
return await bench.RunAsync(args[1..], cts.Token);
