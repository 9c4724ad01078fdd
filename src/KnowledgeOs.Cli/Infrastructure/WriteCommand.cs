using KnowledgeOs.Application;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>
/// The one shape of a command that makes one write and says what it changed (<c>kos expert add</c>, <c>expert change</c>,
/// <c>expert merge</c>, <c>expert alias add</c>/<c>remove</c>, <c>item add</c>/<c>confirm</c>/<c>retract</c>, <c>task start</c>/<c>cancel</c>):
/// the write on the open store, then the result as JSON (<c>--json</c>) or as one line in the team's language. A command
/// names only its write and its words (and, when it has one, its check before the store opens and its own JSON).
/// </summary>
/// <typeparam name="TSettings">The command's options.</typeparam>
/// <param name="console">Where the answer is written.</param>
/// <param name="time">The clock the store and the command use.</param>
public abstract class WriteCommand<TSettings>(IAnsiConsole console, TimeProvider time) : StoreCommand<TSettings>(console, time)
    where TSettings : KosSettings
{
    /// <summary>The write.</summary>
    protected abstract Task<WriteResult> WriteAsync(KosSession session, TSettings settings, CancellationToken ct);

    /// <summary>The line for people: what changed, or that nothing did.</summary>
    protected abstract string Line(CliLabels labels, TSettings settings, WriteResult result);

    /// <summary>The <c>--json</c> answer; the write's result unless the command says more.</summary>
    protected virtual object Json(TSettings settings, WriteResult result) => result;

    /// <inheritdoc/>
    protected sealed override async Task<int> ExecuteAsync(KosSession session, TSettings settings, CancellationToken ct)
    {
        var result = await WriteAsync(session, settings, ct);
        if (settings.Json) Output.Json(Console, Json(settings, result));
        else Output.Line(Console, Line(await session.LabelsAsync(ct), settings, result));
        return ExitCodes.Ok;
    }
}
