namespace KnowledgeOs.Sections;

/// <summary>The kind of a knowledge item: which section of the knowledge base it belongs to.</summary>
public enum SectionKind
{
    /// <summary>Area of responsibility and key duties.</summary>
    Responsibility,
    /// <summary>Studied books and resources (title, author).</summary>
    Book,
    /// <summary>Studied tools.</summary>
    Tool,
    /// <summary>Studied practices.</summary>
    Practice,
    /// <summary>Knowledge the expert already has.</summary>
    Known,
    /// <summary>New knowledge, not yet confirmed by enough tasks.</summary>
    Learned,
    /// <summary>A problem and its solutions.</summary>
    Problem,
    /// <summary>A best practice found outside (title, description, source, category, application, found at).</summary>
    BestPractice,
    /// <summary>Advanced books (title, author).</summary>
    AdvancedBook,
    /// <summary>Expert-level practices.</summary>
    ExpertPractice,
    /// <summary>Certifications.</summary>
    Certification,
    /// <summary>Cutting-edge technologies.</summary>
    Innovation,
    /// <summary>Research and innovation.</summary>
    Research,
    /// <summary>A real case from the project.</summary>
    Case,
    /// <summary>Publications and research.</summary>
    Publication,
    /// <summary>Mentorship and teaching.</summary>
    Mentorship,
    /// <summary>Awards and recognition.</summary>
    Award,
    /// <summary>Anything under a heading the importer does not know, kept verbatim.</summary>
    Other,
}
