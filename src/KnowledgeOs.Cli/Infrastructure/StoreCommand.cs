namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>
/// A command that works on the store its settings name: its input is checked (<see cref="CheckInput"/>), the store is
/// opened (after the point of view is read, see <see cref="KosSession.OpenAsync"/>) before the command runs and closed
/// after it, whatever it returns or throws.
/// </summary>
/// <typeparam name="TSettings">The command's settings.</typeparam>
/// <param name="console">Where the command writes its answer.</param>
/// <param name="time">The clock the store and the command use.</param>
public abstract class StoreCommand<TSettings>(IAnsiConsole console, TimeProvider time) : AsyncCommand<TSettings> where TSettings : KosSettings
{
    /// <summary>Where the command writes its answer.</summary>
    protected IAnsiConsole Console { get; } = console;

    /// <summary>The clock.</summary>
    protected TimeProvider Time { get; } = time;

    /// <inheritdoc/>
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        CheckInput(settings);
        await using var session = await KosSession.OpenAsync(settings, Time, cancellationToken);
        return await ExecuteAsync(session, settings, cancellationToken);
    }

    /// <summary>Refuses bad input before the store is opened (so a typo costs no connection, and names its option); nothing by default.</summary>
    /// <exception cref="InputException">An option's value is not usable.</exception>
    protected virtual void CheckInput(TSettings settings)
    {
    }

    /// <summary>Runs the command on the open store; returns the exit code.</summary>
    protected abstract Task<int> ExecuteAsync(KosSession session, TSettings settings, CancellationToken ct);
}
