using KnowledgeOs.Application;
using KnowledgeOs.Programs;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>Options of the commands that evaluate learning programs.</summary>
public class ProgramSettings : AsOfSettings
{
    /// <summary>A folder of extra or replacement templates.</summary>
    [CommandOption("--templates <DIR>")]
    [Description("Folder of program templates (*.json) that add roles or replace built-in ones by file name (default: $KOS_TEMPLATES).")]
    public string? Templates { get; init; }

    /// <summary>The template folder after defaults, or null for the built-in templates only.</summary>
    public string? TemplatesPath => EnvironmentDefault.Of(Templates, "KOS_TEMPLATES");

    /// <summary>The catalogue: built-in templates plus the folder's.</summary>
    public ProgramCatalog LoadCatalog()
    {
        if (TemplatesPath is not { } dir) return ProgramCatalog.Builtin;
        if (!Directory.Exists(dir)) throw InputException.Of($"--templates: folder '{dir}' does not exist.", "--templates", ErrorCodes.FolderMissing, "--templates", dir);
        var files = Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));
        return ProgramCatalog.WithOverrides(files);
    }

    /// <summary>The reports service over an open session.</summary>
    public LearningReports Reports(KosSession session, TimeProvider time) => new(session.Service, LoadCatalog(), time);
}
