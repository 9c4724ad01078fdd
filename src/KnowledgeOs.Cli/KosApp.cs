using KnowledgeOs.Cli.Commands;
using KnowledgeOs.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KnowledgeOs.Cli;

/// <summary>The <c>kos</c> command tree, runnable in-process (tests) or from <c>Program</c>.</summary>
public static class KosApp
{
    /// <summary>Runs <c>kos</c> with the given arguments and console; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, IAnsiConsole error, TimeProvider time, CancellationToken ct)
    {
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(IAnsiConsole), console);
        registrar.RegisterInstance(typeof(TimeProvider), time);
        registrar.RegisterInstance(typeof(ErrorConsole), new ErrorConsole(error));
        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("kos");
            // kos --version: the assembly's informational version (the package version, with the commit it was built from).
            config.UseAssemblyInformationalVersion();
            config.ConfigureConsole(console);
            config.PropagateExceptions();
            config.ValidateExamples();
            Configure(config);
        });
        try
        {
            CliErrors.CheckArguments(args);
            return await app.RunAsync(args, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            error.MarkupLine("[yellow]cancelled[/]");
            return CliErrors.Cancelled;
        }
        catch (Exception ex)
        {
            // Every other failure, expected or not, is one line and a documented exit code (CliErrors), never a stack trace.
            return CliErrors.Report(error, ex);
        }
    }

    private static void Configure(IConfigurator config)
    {
        config.AddBranch("expert", expert =>
        {
            expert.SetDescription("Onboard, change and list the team's experts.");
            expert.AddCommand<ExpertAddCommand>("add").WithDescription("Onboard an expert.")
                .WithExample("expert", "add", "igor", "--name", "Игорь", "--role", "Backend Developer", "--project", "ATRA", "--tag", "python");
            expert.AddCommand<ExpertChangeCommand>("change").WithDescription("Change an expert's profile fields.")
                .WithExample("expert", "change", "igor", "--status", "paused");
            expert.AddCommand<ExpertListCommand>("list").WithDescription("List the team's experts with computed metrics.");
        });
        config.AddBranch("item", item =>
        {
            item.SetDescription("Add, confirm or retract a knowledge item by hand.");
            item.AddCommand<ItemAddCommand>("add").WithDescription("Add an item to a section (a confirmation if it exists).")
                .WithExample("item", "add", "igor", "book", "Designing Data-Intensive Applications", "--field", "author=Martin Kleppmann");
            item.AddCommand<ItemConfirmCommand>("confirm").WithDescription("Confirm an item by id.");
            item.AddCommand<ItemRetractCommand>("retract").WithDescription("Retract an item, with a reason.")
                .WithExample("item", "retract", "igor", "knowledge-1a2b3c", "--reason", "outdated");
        });
        config.AddCommand<LearnCommand>("learn").WithDescription("Learn from task reports (native or ATRA retrospective JSON).")
            .WithExample("learn", "samples/reports/")
            .WithExample("learn", "report.json", "--onboard");
        config.AddCommand<ImportCommand>("import").WithDescription("Import old Markdown knowledge bases and learning programs (ATRA format, or kos export), each file once and whole.")
            .WithExample("import", "old-kb/")
            .WithExample("import", "igor_knowledge.md", "igor_program.md", "--dry-run");
        config.AddCommand<DemoCommand>("demo").WithDescription("Load the sample team and its task reports, and show what was learned.")
            .WithExample("demo")
            .WithExample("demo", "--data", "/tmp/kos-demo.db");
        config.AddCommand<OnboardCommand>("onboard").WithDescription("Onboard every expert of a team file.")
            .WithExample("onboard", "samples/team.json");
        config.AddCommand<RenderCommand>("render").WithDescription("Print an expert's knowledge base as Markdown (now, or --as-of a past date).")
            .WithExample("render", "igor")
            .WithExample("render", "igor", "--lang", "en", "--as-of", "2026-01-01");
        config.AddCommand<GuidanceCommand>("guidance").WithDescription("Write an expert's guidance (confirmed practices, lessons, open problems, with item ids) as a marked block into AGENTS.md or any Markdown file.")
            .WithExample("guidance", "igor", "--out", "AGENTS.md")
            .WithExample("guidance", "--all", "--dir", ".cursor/rules", "--ext", ".mdc");
        config.AddCommand<ExportCommand>("export").WithDescription("Write {slug}_knowledge.md for every expert and a JSON export of the team.")
            .WithExample("export", "--out", "export/");
        config.AddCommand<SearchCommand>("search").WithDescription("Search the team's knowledge across Russian and English: items with the most query words first, each hit with how its words matched.")
            .WithExample("search", "ретраи идемпотентность")
            .WithExample("search", "retry", "--expert", "igor", "--section", "learned", "--json");
        config.AddCommand<HistoryCommand>("history").WithDescription("Show each item of an expert with its source and confirmations.")
            .WithExample("history", "igor");
        config.AddCommand<ContextCommand>("context").WithDescription("The team's knowledge for a task: per participant, most relevant first, each line with its item id and source, within a character budget.")
            .WithExample("context", "--task", "Add idempotency keys to the refund API", "--budget", "4000")
            .WithExample("context", "--task", "Лимиты velocity по картам", "--expert", "mariya,dmitriy", "--lang", "en", "--json");
        config.AddCommand<RouteCommand>("route").WithDescription("Rank the team's experts for a task: knowledge, role, successful tasks and level, with the reason.")
            .WithExample("route", "Add idempotency keys to the refund API")
            .WithExample("route", "Лимиты velocity по картам", "--top", "3", "--json");
        config.AddCommand<ProgramCommand>("program").WithDescription("Print an expert's learning program, ticked only where the evidence holds.")
            .WithExample("program", "igor")
            .WithExample("program", "igor", "--lang", "en", "--json");
        config.AddCommand<ProgressCommand>("progress").WithDescription("Rank the team by evidenced program progress, with level and the change since last week.")
            .WithExample("progress")
            .WithExample("progress", "--json");
        config.AddCommand<TeamCommand>("team").WithDescription("Print the team knowledge document: coverage, weekly gains, shared practices, who knows what.")
            .WithExample("team", "--svg", "out/");
        config.AddCommand<CycleCommand>("cycle").WithDescription("Run the learning cycle once: feeds, daily promotion review, levels and digest, weekly progress; catches up missed periods.")
            .WithExample("cycle")
            .WithExample("cycle", "--config", "cycle.json", "--job", "feeds", "--force");
        config.AddCommand<ServeCommand>("serve").WithDescription("Serve the HTTP API, change feed and API reference (loopback only until keys exist).")
            .WithExample("serve")
            .WithExample("serve", "--sample", "--urls", "http://127.0.0.1:5080");
        config.AddCommand<McpCommand>("mcp").WithDescription("Serve the MCP tools, resources and prompts over stdio for an agent.")
            .WithExample("mcp", "--data", "kos-data/kos.db", "--team", "default");
        config.AddBranch("keys", keys =>
        {
            keys.SetDescription("API keys for kos serve: per team, scoped read, write or admin; only their hash is stored.");
            keys.AddCommand<KeysCreateCommand>("create").WithDescription("Create a key for a team; it is printed once.")
                .WithExample("keys", "create", "--team", "demo", "--name", "ci-bot", "--scope", "read,write");
            keys.AddCommand<KeysListCommand>("list").WithDescription("List keys (never their secrets).");
            keys.AddCommand<KeysRevokeCommand>("revoke").WithDescription("Revoke a key by id.")
                .WithExample("keys", "revoke", "0123456789ab");
        });
        config.AddCommand<ReindexCommand>("reindex").WithDescription("Embed the items that have no vector yet (optional vector search, docs/EMBEDDINGS.md), with a progress bar.")
            .WithExample("reindex", "--embeddings", "ollama:nomic-embed-text@http://127.0.0.1:11434");
        config.AddCommand<RebuildCommand>("rebuild").WithDescription("Rebuild every projection from the log and prove it equal to the inline one.");
        config.AddCommand<MigrateCommand>("migrate").WithDescription("Copy a whole store (events, idempotency keys, API keys) into an empty one (SQLite ⇄ PostgreSQL) and verify counts and content hash.")
            .WithExample("migrate", "--from", "sqlite:kos-data/kos.db", "--to", "postgres:Host=db;Username=kos;Database=kos");
        config.AddCommand<BackupCommand>("backup").WithDescription("Write a consistent backup (events, idempotency keys, API keys) while servers keep writing (SQLite file or PostgreSQL archive).")
            .WithExample("backup", "backups/kos-2026-11-02.db")
            .WithExample("backup", "kos.jsonl.gz", "--store", "postgres", "--connection", "Host=db;Username=kos;Database=kos");
        config.AddCommand<RestoreCommand>("restore").WithDescription("Load a backup (events, idempotency keys, API keys) into an empty store of either kind and verify it.")
            .WithExample("restore", "backups/kos-2026-11-02.db", "--data", "restored/kos.db");
    }
}
