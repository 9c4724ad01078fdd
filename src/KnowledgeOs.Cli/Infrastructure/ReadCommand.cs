using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>
/// The one shape of a command that reads the team and shows what it found (<c>kos expert list</c>, <c>history</c>,
/// <c>route</c>, <c>search</c>, <c>keys list</c>): the answer read on the open store, then as JSON (<c>--json</c>) or as a table and lines
/// for people in the team's language. A command names only its read, its JSON (when it is not the answer itself) and
/// its table.
/// </summary>
/// <typeparam name="TSettings">The command's options.</typeparam>
/// <typeparam name="TAnswer">What the read found.</typeparam>
/// <param name="console">Where the answer is written.</param>
/// <param name="time">The clock the store and the command use.</param>
public abstract class ReadCommand<TSettings, TAnswer>(IAnsiConsole console, TimeProvider time) : StoreCommand<TSettings>(console, time)
    where TSettings : KosSettings
    where TAnswer : notnull
{
    /// <summary>The read.</summary>
    protected abstract Task<TAnswer> ReadAsync(KosSession session, TSettings settings, CancellationToken ct);

    /// <summary>The <c>--json</c> answer; what was read unless the command shapes it.</summary>
    protected virtual object Json(TAnswer answer) => answer;

    /// <summary>Writes the answer for people: a table, or the line saying there is nothing, and any summary.</summary>
    protected abstract void Show(CliLabels labels, KosSession session, TSettings settings, TAnswer answer);

    /// <inheritdoc/>
    protected sealed override async Task<int> ExecuteAsync(KosSession session, TSettings settings, CancellationToken ct)
    {
        var answer = await ReadAsync(session, settings, ct);
        if (settings.Json) Output.Json(Console, Json(answer));
        else Show(await session.LabelsAsync(ct), session, settings, answer);
        return ExitCodes.Ok;
    }
}
