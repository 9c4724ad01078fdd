using KnowledgeOs.Rendering;
using KnowledgeOs.Hosting;

namespace KnowledgeOs.Cli.Commands;

/// <summary>The key store of the database the settings name (created when missing), open as long as the store is.</summary>
internal sealed class KeyStores : IAsyncDisposable
{
    private readonly KosSession _session;

    private KeyStores(KosSession session, ApiKeyStore keys)
    {
        _session = session;
        Keys = keys;
    }

    /// <summary>The keys.</summary>
    public ApiKeyStore Keys { get; }

    /// <summary>The open store the keys are kept in (the team's language is read from it).</summary>
    public KosSession Session => _session;

    /// <summary>Opens the event store (which creates or migrates the database) and the keys table beside its tables.</summary>
    public static async Task<KeyStores> OpenAsync(KosSettings settings, TimeProvider time, CancellationToken ct)
    {
        var session = await KosSession.OpenAsync(settings, time, ct);
        try
        {
            return new KeyStores(session, new ApiKeyStore(await ServerDatabase.OpenAsync(session.Store, ct), time));
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _session.DisposeAsync();
}

/// <summary><c>kos keys create</c>: a new API key for one team; the key is printed once and only its hash is kept.</summary>
public sealed class KeysCreateCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<KeysCreateCommand.Settings>
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
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        // The hints (README, the server's warnings, the /ui login page) print the command without --name: it must run as printed.
        var name = settings.Name ?? Environment.UserName;
        if (string.IsNullOrWhiteSpace(name)) throw InputException.Of("--name is empty: who holds the key.", "--name", ErrorCodes.KeyNameEmpty);
        var scopes = ApiKeyScopes.Parse(settings.Scope ?? ApiKeyScopes.Read, "--scope");
        await using var keyStores = await KeyStores.OpenAsync(settings, time, ct);
        var store = keyStores.Keys;
        var created = await store.CreateAsync(settings.TeamSlug, name, scopes, ct);
        if (settings.Json)
        {
            Output.Json(console, new { created.Key.Id, created.Key.Team, created.Key.Name, created.Key.Scopes, key = created.Secret });
            return ExitCodes.Ok;
        }
        var l = await keyStores.Session.LabelsAsync(ct);
        Output.Line(console, l.KeyCreated(created.Key.Id, created.Key.Team, created.Key.Scopes, created.Key.Name));
        Output.Raw(console, created.Secret + "\n");
        Output.Line(console, l.KeyShownOnce("Authorization: Bearer <key>"));
        return ExitCodes.Ok;
    }
}

/// <summary><c>kos keys list</c>: keys (never their secrets), of one team with --team, else of every team.</summary>
public sealed class KeysListCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<KosSettings>
{
    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, KosSettings settings, CancellationToken ct)
    {
        await using var keyStores = await KeyStores.OpenAsync(settings, time, ct);
        var store = keyStores.Keys;
        var keys = await store.ListAsync(settings.Team, ct);
        if (settings.Json)
        {
            Output.Json(console, keys);
            return ExitCodes.Ok;
        }
        var l = await keyStores.Session.LabelsAsync(ct);
        if (keys.Count == 0)
        {
            Output.Line(console, l.NoKeys);
            return ExitCodes.Ok;
        }
        var table = Output.Table([.. l.KeyColumns]);
        foreach (var k in keys)
            table.Row(k.Id, k.Team, k.Name, string.Join(",", k.Scopes), $"{k.CreatedAt:yyyy-MM-dd HH:mm}", k.RevokedAt is { } r ? $"{r:yyyy-MM-dd HH:mm}" : "");
        console.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary><c>kos keys revoke</c>: a revoked key stops working within seconds, also in a running server.</summary>
public sealed class KeysRevokeCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<KeysRevokeCommand.Settings>
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
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        await using var keyStores = await KeyStores.OpenAsync(settings, time, ct);
        var store = keyStores.Keys;
        if (!await store.RevokeAsync(settings.Id, ct)) throw NotFoundException.Of($"No active key '{settings.Id}' (see kos keys list).", ErrorCodes.KeyNotFound, settings.Id);
        if (settings.Json) Output.Json(console, new { id = settings.Id, revoked = true });
        else Output.Line(console, (await keyStores.Session.LabelsAsync(ct)).KeyRevoked(settings.Id));
        return ExitCodes.Ok;
    }
}
