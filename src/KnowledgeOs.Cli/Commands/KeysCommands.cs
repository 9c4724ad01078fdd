using KnowledgeOs.Rendering;
using KnowledgeOs.Hosting;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos keys create</c>: a new API key for one team; the key is printed once and only its hash is kept.</summary>
public sealed class KeysCreateCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<KeysCreateCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Who holds the key.</summary>
        [CommandOption("--name <NAME>")]
        [Description("Who holds the key (an agent, a person); recorded as manual:<name> on what it changes by hand (default: the OS user).")]
        public string? Name { get; init; }

        /// <summary>Scopes.</summary>
        [CommandOption("--scope <SCOPES>")]
        [Description("read, write, admin, or a comma-separated list (default read). write includes read; admin includes both.")]
        public string? Scope { get; init; }
    }

    /// <inheritdoc/>
    protected override void CheckInput(Settings settings)
    {
        if (string.IsNullOrWhiteSpace(Name(settings))) throw InputException.Of("--name is empty: who holds the key.", "--name", ErrorCodes.KeyNameEmpty);
        Scopes(settings);
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var store = await session.KeysAsync(Time, ct);
        var created = await store.CreateAsync(settings.TeamSlug, Name(settings), Scopes(settings), ct);
        if (settings.Json)
        {
            Output.Json(Console, new { created.Key.Id, created.Key.Team, created.Key.Name, created.Key.Scopes, key = created.Secret });
            return ExitCodes.Ok;
        }
        var l = await session.LabelsAsync(ct);
        Output.Line(Console, l.KeyCreated(created.Key.Id, created.Key.Team, created.Key.Scopes, created.Key.Name));
        Output.Raw(Console, created.Secret + "\n");
        Output.Line(Console, l.KeyShownOnce("Authorization: Bearer <key>"));
        return ExitCodes.Ok;
    }

    // The hints (README, the server's warnings, the /ui login page) print the command without --name: it must run as printed.
    private static string Name(Settings settings) => settings.Name ?? Environment.UserName;

    private static IReadOnlyList<string> Scopes(Settings settings) => ApiKeyScopes.Parse(settings.Scope ?? ApiKeyScopes.Read, "--scope");
}

/// <summary><c>kos keys list</c>: keys (never their secrets), of one team with --team, else of every team.</summary>
public sealed class KeysListCommand(IAnsiConsole console, TimeProvider time) : ReadCommand<KosSettings, IReadOnlyList<ApiKey>>(console, time)
{
    /// <inheritdoc/>
    protected override async Task<IReadOnlyList<ApiKey>> ReadAsync(KosSession session, KosSettings settings, CancellationToken ct) =>
        await (await session.KeysAsync(Time, ct)).ListAsync(settings.Team, ct);

    /// <inheritdoc/>
    protected override void Show(CliLabels l, KosSession session, KosSettings settings, IReadOnlyList<ApiKey> keys)
    {
        if (keys.Count == 0)
        {
            Output.Line(Console, l.NoKeys);
            return;
        }
        var table = Output.Table([.. l.KeyColumns]);
        foreach (var k in keys)
            table.Row(k.Id, k.Team, k.Name, string.Join(",", k.Scopes), $"{k.CreatedAt:yyyy-MM-dd HH:mm}", k.RevokedAt is { } r ? $"{r:yyyy-MM-dd HH:mm}" : "");
        Console.Write(table);
    }
}

/// <summary><c>kos keys revoke</c>: a revoked key stops working within seconds, also in a running server.</summary>
public sealed class KeysRevokeCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<KeysRevokeCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Key id.</summary>
        [CommandArgument(0, "<ID>")]
        [Description("The key's id (see kos keys list).")]
        public string Id { get; init; } = "";
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        if (!await (await session.KeysAsync(Time, ct)).RevokeAsync(settings.Id, ct)) throw NotFoundException.Of($"No active key '{settings.Id}' (see kos keys list).", ErrorCodes.KeyNotFound, settings.Id);
        if (settings.Json) Output.Json(Console, new { id = settings.Id, revoked = true });
        else Output.Line(Console, (await session.LabelsAsync(ct)).KeyRevoked(settings.Id));
        return ExitCodes.Ok;
    }
}
