using System.Text.Json;
using KnowledgeOs.Events;
using Spectre.Console;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>Printing helpers shared by commands: JSON for scripts, escaped markup for people.</summary>
public static class Output
{
    private static readonly JsonSerializerOptions Indented = new(EventTypes.Json) { WriteIndented = true };

    /// <summary>Writes a value as indented JSON on its own, with no markup processing.</summary>
    public static void Json(IAnsiConsole console, object value) =>
        console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Indented));

    /// <summary>Writes plain text exactly as given (Markdown documents), bypassing markup and wrapping.</summary>
    public static void Raw(IAnsiConsole console, string text)
    {
        console.Profile.Out.Writer.Write(text);
        console.Profile.Out.Writer.Flush();
    }

    /// <summary>A line of text with markup escaped.</summary>
    public static void Line(IAnsiConsole console, string text) => console.MarkupLine(Markup.Escape(text));

    /// <summary>A table with a header row.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in columns) table.AddColumn(new TableColumn(Markup.Escape(c)));
        return table;
    }

    /// <summary>Adds a row of plain (escaped) cells.</summary>
    public static void Row(this Table table, params object?[] cells) =>
        table.AddRow(cells.Select(c => Markup.Escape(c?.ToString() ?? "")).ToArray());
}
