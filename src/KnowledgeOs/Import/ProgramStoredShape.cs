using KnowledgeOs.Events;

namespace KnowledgeOs.Import;

/// <summary>The boundary between the program parser and the stored event: the parser's types map to the event's own.</summary>
public static class ProgramStoredShape
{
    /// <summary>The stored shape of a parsed program (its warnings are reported, never stored).</summary>
    public static StoredProgram ToStored(this LearningProgramDocument p) => new()
    {
        FileName = p.FileName,
        DisplayName = p.DisplayName,
        Role = p.Role,
        Created = p.Created,
        CreatedText = p.CreatedText,
        Status = p.Status,
        Level = p.Level,
        Goals = [.. p.Goals.Select(g => new StoredProgramGoal(g.Title, g.Points))],
        Materials = [.. p.Materials.Select(m => new StoredProgramMaterial(m.Kind, m.Title, m.Author))],
        Stages = [.. p.Stages.Select(s => new StoredProgramStage(s.Level, s.Title, s.FromWeek, s.ToWeek, s.Name, Checks(s.Items)))],
        SuccessCriteria = p.SuccessCriteria,
        Certifications = Checks(p.Certifications),
        Lists = [.. p.Lists.Select(l => new StoredProgramList(l.Heading, l.Group, Checks(l.Items)))],
        Claims = [.. p.Claims.Select(c => new StoredProgramClaim(c.Group, c.Label, c.Value))],
    };

    private static StoredProgramCheck[] Checks(IReadOnlyList<ProgramCheck> checks) => [.. checks.Select(c => new StoredProgramCheck(c.Text, c.Claimed))];
}
