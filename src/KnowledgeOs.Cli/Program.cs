using KnowledgeOs.Cli;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
Console.OutputEncoding = System.Text.Encoding.UTF8;
Output.FitWidth(AnsiConsole.Console);
var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
return await KosApp.RunAsync(args, AnsiConsole.Console, error, TimeProvider.System, cts.Token);
