// The namespaces nearly every command and its plumbing use (Spectre's command model, [Description], the CLI's own
// infrastructure), named once here instead of at the top of each file.
global using System.ComponentModel;
global using KnowledgeOs.Cli.Infrastructure;
global using Spectre.Console;
global using Spectre.Console.Cli;
