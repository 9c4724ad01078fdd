using KnowledgeOs.Cli.Commands;
using KnowledgeOs.Rendering;

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
            // An option no command has is an error (with a suggestion), not silently ignored.
            config.UseStrictParsing();
            Configure(config);
        });
        try
        {
            ErrorLanguage.Begin(args);
            CliErrors.CheckArguments(args);
            return await app.RunAsync(CommandLine.MoveGlobalOptions(args), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            error.MarkupLine($"[yellow]{Markup.Escape(CliLabels.For(ErrorLanguage.Current).Cancelled)}[/]");
            return CliErrors.Cancelled;
        }
        catch (Exception ex)
        {
            // Every other failure, expected or not, is one line and a documented exit code (CliErrors), never a stack trace.
            var meant = ex is CommandAppException usage ? CommandLine.Suggestions(usage.Message, await CommandNamesAsync(args, usage.Message, time)) : [];
            return CliErrors.Report(error, ex, meant);
        }
    }

    /// <summary>
    /// The commands at the level where an unknown one was typed (root, or a branch such as <c>item</c>), read from the
    /// help kos prints there: the command tree stays the one place that names them.
    /// </summary>
    private static async Task<IReadOnlyList<string>> CommandNamesAsync(string[] args, string message, TimeProvider time)
    {
        if (!message.StartsWith("Unknown command '", StringComparison.Ordinal)) return [];
        var typed = message.Split('\'')[1];
        var level = args.TakeWhile(a => a != typed).Where(a => !a.StartsWith('-')).ToArray();
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        await RunAsync([.. level, "--help"], console, console, time, CancellationToken.None);
        var lines = output.ToString().Split('\n');
        return lines.SkipWhile(l => !l.TrimStart().StartsWith("COMMANDS", StringComparison.Ordinal)).Skip(1)
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal) && l.Trim().Length > 0)
            .Select(l => l.Trim().Split(' ')[0])
            .Where(n => n.Length > 0 && char.IsAsciiLetterLower(n[0]))
            .ToList();
    }

    private static void Configure(IConfigurator config)
    {
        config.AddBranch("expert", expert =>
        {
            expert.SetDescription("Onboard, change and list the team's experts.");
            expert.AddCommand<ExpertAddCommand>("add").WithDescription("Onboard an expert.")
                .Example("expert", "add", "igor", "--name", "Игорь", "--role", "Backend Developer", "--project", "ATRA", "--tag", "python");
            expert.AddCommand<ExpertChangeCommand>("change").WithDescription("Change an expert's profile fields.")
                .Example("expert", "change", "igor", "--status", "paused");
            expert.AddCommand<ExpertListCommand>("list").WithDescription("List the team's experts with computed metrics.");
            expert.AddCommand<ExpertMergeCommand>("merge").WithDescription("Merge a near-twin (the same person onboarded twice) into the expert it duplicates.")
                .Example("expert", "merge", "ivan-2", "ivan");
            expert.AddBranch("alias", alias =>
            {
                alias.SetDescription("Other names of an expert (any script, earlier names), used to find the expert a report names.");
                alias.AddCommand<ExpertAliasAddCommand>("add").WithDescription("Record another name of an expert.")
                    .Example("expert", "alias", "add", "yuliya", "Юлия");
                alias.AddCommand<ExpertAliasRemoveCommand>("remove").WithDescription("Withdraw an alias (it stays in the history).")
                    .Example("expert", "alias", "remove", "yuliya", "Юлия");
            });
        });
        config.AddBranch("task", task =>
        {
            task.SetDescription("Tasks under way: open work for their experts until the report is learned.");
            task.AddCommand<TaskStartCommand>("start").WithDescription("Record that experts started a task (their open work; routing ranks a busy expert lower).")
                .Example("task", "start", "ORB-12", "--expert", "mariya,dmitriy", "--title", "Лимиты по картам");
            task.AddCommand<TaskCancelCommand>("cancel").WithDescription("Cancel a started task for experts who will not finish it (no longer their open work).")
                .Example("task", "cancel", "ORB-12", "--expert", "dmitriy", "--reason", "started for the wrong expert");
        });
        config.AddBranch("item", item =>
        {
            item.SetDescription("Add, confirm or retract a knowledge item by hand.");
            item.AddCommand<ItemAddCommand>("add").WithDescription("Add an item to a section (a confirmation if it exists).")
                .Example("item", "add", "ivan", "book", "Designing Data-Intensive Applications", "--field", "author=Martin Kleppmann");
            item.AddCommand<ItemConfirmCommand>("confirm").WithDescription("Confirm an item by id.");
            item.AddCommand<ItemRetractCommand>("retract").WithDescription("Retract an item, with a reason.")
                .Example("item", "retract", "ivan", "book-0f545fb22272", "--reason", "outdated");
        });
        config.AddCommand<LearnCommand>("learn").WithDescription("Learn from task reports (native or ATRA retrospective JSON).")
            .Example("learn", "samples/reports/")
            .Example("learn", "samples/reports/01-orb-101-idempotency-keys.json", "--onboard")
            .Example("learn", "samples/revisions/", "--amend");
        config.AddCommand<ImportCommand>("import").WithDescription("Import old Markdown knowledge bases and learning programs (ATRA format, or kos export), each file once and whole.")
            .Example("import", "samples/import/")
            .Example("import", "samples/import/svetlana_knowledge.md", "samples/import/svetlana_program.md", "--dry-run");
        config.AddCommand<DemoCommand>("demo").WithDescription("Load the sample team and its task reports, and show what was learned.")
            .Example("demo")
            .Example("demo", "--data", "kos-demo/kos.db");
        config.AddCommand<OnboardCommand>("onboard").WithDescription("Onboard every expert of a team file.")
            .Example("onboard", "samples/team.json");
        config.AddCommand<RenderCommand>("render").WithDescription("Print an expert's knowledge base as Markdown (now, --as-of a past date by when things happened, or --recorded-as-of one by when they were recorded).")
            .Example("render", "ivan")
            .Example("render", "ivan", "--lang", "en")
            .Example("render", "ivan", "--as-of", "2026-03-20");
        config.AddCommand<GuidanceCommand>("guidance").WithDescription("Write an expert's guidance (confirmed practices, lessons, open problems, with item ids) as a marked block into AGENTS.md or any Markdown file.")
            .Example("guidance", "ivan", "--out", "AGENTS.md")
            .Example("guidance", "--all", "--dir", ".cursor/rules", "--ext", ".mdc");
        config.AddCommand<ExportCommand>("export").WithDescription("Write {slug}_knowledge.md for every expert and a JSON export of the team.")
            .Example("export", "--out", "export/");
        config.AddCommand<SearchCommand>("search").WithDescription("Search the team's knowledge across Russian and English: items with the most query words first, each hit with how its words matched.")
            .Example("search", "ретраи идемпотентность")
            .Example("search", "retry", "--expert", "ivan", "--section", "learned", "--json");
        config.AddCommand<HistoryCommand>("history").WithDescription("Show each item of an expert with its source and confirmations.")
            .Example("history", "ivan")
            .Example("history", "ivan", "--recorded-as-of", "2099-01-01");
        config.AddCommand<ContextCommand>("context").WithDescription("The team's knowledge for a task: per participant, most relevant first, each line with its item id and source, within a character budget.")
            .Example("context", "--task", "Add idempotency keys to the refund API", "--budget", "4000")
            .Example("context", "--task", "Лимиты velocity по картам", "--expert", "mariya,dmitriy", "--lang", "en", "--json");
        config.AddCommand<RouteCommand>("route").WithDescription("Rank the team's experts for a task: knowledge, role, successful tasks and level, with the reason.")
            .Example("route", "Add idempotency keys to the refund API")
            .Example("route", "Лимиты velocity по картам", "--top", "3", "--json");
        config.AddCommand<ProgramCommand>("program").WithDescription("Print an expert's learning program, ticked only where the evidence holds.")
            .Example("program", "ivan")
            .Example("program", "ivan", "--lang", "en", "--json");
        config.AddCommand<ProgressCommand>("progress").WithDescription("Rank the team by evidenced program progress, with level and the change since last week.")
            .Example("progress")
            .Example("progress", "--json")
            .Example("progress", "--lang", "en");
        config.AddCommand<TeamCommand>("team").WithDescription("Print the team knowledge document: coverage, weekly gains, shared practices, who knows what.")
            .Example("team", "--svg", "out/")
            .Example("team", "--lang", "en");
        config.AddCommand<CycleCommand>("cycle").WithDescription("Run the learning cycle once: feeds, daily promotion review, levels and digest, weekly progress; catches up missed periods (--as-of: the past period containing a time).")
            .Example("cycle")
            .Example("cycle", "--job", "daily", "--force")
            .Example("cycle", "--job", "daily", "--as-of", "2026-03-20");
        config.AddCommand<ServeCommand>("serve").WithDescription("Serve the HTTP API, change feed and API reference (loopback only until keys exist).")
            .Example("serve")
            .Example("serve", "--sample", "--urls", "http://127.0.0.1:5080");
        config.AddCommand<McpCommand>("mcp").WithDescription("Serve the MCP tools, resources and prompts over stdio for an agent.")
            .Example("mcp", "--data", "kos-data/kos.db", "--team", "default");
        config.AddBranch("keys", keys =>
        {
            keys.SetDescription("API keys for kos serve: per team, scoped read, write or admin; only their hash is stored.");
            keys.AddCommand<KeysCreateCommand>("create").WithDescription("Create a key for a team; it is printed once.")
                .Example("keys", "create", "--team", "demo", "--name", "ci-bot", "--scope", "read,write");
            keys.AddCommand<KeysListCommand>("list").WithDescription("List keys (never their secrets).");
            keys.AddCommand<KeysRevokeCommand>("revoke").WithDescription("Revoke a key by id (kos keys list shows them).");
        });
        config.AddCommand<ReindexCommand>("reindex").WithDescription("Embed the items that have no vector yet (optional vector search, docs/EMBEDDINGS.md), with a progress bar.")
            .Example("reindex", "--embeddings", "ollama:nomic-embed-text@http://127.0.0.1:11434");
        config.AddCommand<RebuildCommand>("rebuild").WithDescription("Rebuild every projection from the log and prove it equal to the inline one.");
        config.AddCommand<MigrateCommand>("migrate").WithDescription("Copy a whole store (events, idempotency keys, API keys) into an empty one (SQLite ⇄ PostgreSQL) and verify counts and content hash.")
            .Example("migrate", "--from", "sqlite:kos-data/kos.db", "--to", "sqlite:kos-copy/kos.db")
            .Example("migrate", "--from", "sqlite:kos-data/kos.db", "--to", "postgres:Host=db;Username=kos;Database=kos");
        config.AddCommand<BackupCommand>("backup").WithDescription("Write a consistent backup (events, idempotency keys, API keys) while servers keep writing (SQLite file or PostgreSQL archive).")
            .Example("backup", "backups/kos-2026-11-02.db")
            .Example("backup", "kos.jsonl.gz", "--store", "postgres", "--connection", "Host=db;Username=kos;Database=kos");
        config.AddCommand<RestoreCommand>("restore").WithDescription("Load a backup (events, idempotency keys, API keys) into an empty store of either kind and verify it.")
            .Example("restore", "backups/kos-2026-11-02.db", "--data", "restored/kos.db");
    }
}
