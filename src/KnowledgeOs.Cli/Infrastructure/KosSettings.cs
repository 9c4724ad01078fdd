using KnowledgeOs.Experts;
using KnowledgeOs.Hosting;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>Options every command has: where the data is, which team, and the output form.</summary>
public class KosSettings : CommandSettings
{
    /// <summary>The database file.</summary>
    [CommandOption("--data <PATH>")]
    [Description("Database file (default: $KOS_DATA, else ./kos-data/kos.db).")]
    public string? Data { get; init; }

    /// <summary>The kind of store.</summary>
    [CommandOption("--store <KIND>")]
    [Description("Store: sqlite (one file, the default) or postgres (several servers on one database). Default: $KOS_STORE, else sqlite.")]
    public string? Store { get; init; }

    /// <summary>The PostgreSQL connection string.</summary>
    [CommandOption("--connection <CONNECTION>")]
    [Description("PostgreSQL connection string for --store postgres, e.g. \"Host=db;Username=kos;Database=kos\" (default: $KOS_CONNECTION). Keep the password in $PGPASSWORD or ~/.pgpass rather than here.")]
    public string? Connection { get; init; }

    /// <summary>The team.</summary>
    [CommandOption("--team <SLUG>")]
    [Description("Team slug (default: $KOS_TEAM, else 'default').")]
    public string? Team { get; init; }

    /// <summary>Machine-readable output.</summary>
    [CommandOption("--json")]
    [Description("Print JSON instead of tables, for scripting.")]
    public bool Json { get; init; }

    /// <summary>The language of what the command writes for people.</summary>
    [CommandOption("--lang <LANG>")]
    [Description("ru or en: the language of tables, summaries and documents (default: the team's language, Russian for the imported ATRA teams; docs/LANGUAGE.md). --json field names stay English.")]
    public string? Lang { get; init; }

    /// <summary>The database path after defaults.</summary>
    public string DataPath =>
        EnvironmentDefault.Of(Data, "KOS_DATA") ?? Path.Combine("kos-data", "kos.db");

    /// <summary>The store kind after defaults.</summary>
    public StoreKind StoreKind => StoreLocation.ParseKind(
        EnvironmentDefault.Of(Store, "KOS_STORE") ?? "sqlite", "--store");

    /// <summary>The store the command works on, after defaults.</summary>
    /// <exception cref="InputException">PostgreSQL without a connection string, or an unknown kind.</exception>
    public StoreLocation Location => StoreKind switch
    {
        StoreKind.Postgres => new StoreLocation(StoreKind.Postgres,
            EnvironmentDefault.Of(Connection, "KOS_CONNECTION")
                ?? throw InputException.Of("--store postgres needs --connection \"Host=…;Database=…\" or $KOS_CONNECTION.", "--connection", ErrorCodes.ConnectionRequired)),
        _ => new StoreLocation(StoreKind.Sqlite, DataPath),
    };

    /// <summary>The team after defaults.</summary>
    public string TeamSlug => EnvironmentDefault.Of(Team, "KOS_TEAM") ?? "default";

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        try
        {
            ExpertDecider.ValidateSlug(TeamSlug, "--team");
            RenderOptions.ParseRequested(Lang, "--lang"); // a bad value fails before the store opens
            if (Data is { } data && string.IsNullOrWhiteSpace(data)) return ValidationResult.Error("--data is empty; give the database file (or leave it out for ./kos-data/kos.db).");
            var location = Location;
            if (location.Kind == StoreKind.Postgres && Data is not null)
                return ValidationResult.Error("--data names an SQLite file; with --store postgres use --connection.");
            if (location.Kind == StoreKind.Sqlite && Connection is not null)
                return ValidationResult.Error("--connection is for PostgreSQL; add --store postgres (or set KOS_STORE=postgres).");
        }
        catch (InputException ex)
        {
            return ValidationResult.Error(ex.Message);
        }
        return ValidationResult.Success();
    }
}
