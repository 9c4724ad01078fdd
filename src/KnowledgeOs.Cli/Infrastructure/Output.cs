using System.Text.Json;
using KnowledgeOs.Events;

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

    /// <summary>Writes a document the command made (<c>--out</c>, <c>--svg</c>) to a file, creating its folder when missing.</summary>
    public static async Task FileAsync(string path, string text, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, text, ct);
    }

    /// <summary>
    /// A document to the <c>--out</c> file when one is given, then a line saying what was written (<paramref name="wrote"/>
    /// of the path); else the document itself to standard output.
    /// </summary>
    public static async Task DocumentAsync(IAnsiConsole console, string? path, string document, Func<string, string> wrote, CancellationToken ct)
    {
        if (path is null)
        {
            Raw(console, document);
            return;
        }
        await FileAsync(path, document, ct);
        Line(console, wrote(path));
    }

    /// <summary>A line of text with markup escaped.</summary>
    public static void Line(IAnsiConsole console, string text) => console.MarkupLine(Markup.Escape(text));

    /// <summary>
    /// Sets the width tables are drawn at from <c>$COLUMNS</c> when it is given: Spectre measures a terminal, but draws a
    /// pipe or a file at 80 columns whatever the shell says.
    /// </summary>
    public static void FitWidth(IAnsiConsole console)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns is >= 20 and <= 10_000)
            console.Profile.Width = columns;
    }

    /// <summary>A table with a header row. A column whose cells are single words (ids, slugs, dates, numbers) never
    /// wraps (<see cref="Row"/> lets a column wrap once a cell of it has spaces): a broken id cannot be copied.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in columns) table.AddColumn(new TableColumn(Markup.Escape(c)).NoWrap());
        return table;
    }

    /// <summary>Adds a row of plain (escaped) cells; a cell with spaces lets its column wrap between words.</summary>
    public static void Row(this Table table, params object?[] cells)
    {
        var texts = cells.Select(c => c?.ToString() ?? "").ToArray();
        for (var i = 0; i < texts.Length && i < table.Columns.Count; i++)
            if (texts[i].Any(char.IsWhiteSpace)) table.Columns[i].NoWrap = false;
        table.AddRow(texts.Select(Markup.Escape).ToArray());
    }
}
