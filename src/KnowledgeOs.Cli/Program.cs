using KnowledgeOs.Cli;

// First, before anything reaches the thread pool: the runtime reads its spin setting when the pool starts.
if (args is ["serve", .. var serverArgs]) KnowledgeOs.Hosting.ThreadPoolSpin.ApplyFor(serverArgs, Environment.GetEnvironmentVariable);
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
Console.OutputEncoding = System.Text.Encoding.UTF8;
Output.FitWidth(AnsiConsole.Console);
// Which text analysis is in use (Hunspell lemmas or Snowball alone), said once on stderr when a command first analyzes
// text, never on stdout (so never in --json output); `kos serve` logs it instead, as the server does.
if (args.FirstOrDefault() != "serve")
    KnowledgeOs.Retrieval.Lemmas.Chosen += source => Console.Error.WriteLine(KnowledgeOs.Rendering.CliLabels.For(ErrorLanguage.Current).Analysis(source));
var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
return await KosApp.RunAsync(args, AnsiConsole.Console, error, TimeProvider.System, cts.Token);
