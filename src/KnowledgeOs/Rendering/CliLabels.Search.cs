using System.Globalization;

namespace KnowledgeOs.Rendering;

public sealed partial record CliLabels
{
    /// <summary>A search hit's reason when the vector side found it: "by meaning 0.45", «по смыслу 0,45».</summary>
    public string ByMeaning(double cosine)
    {
        var shown = cosine.ToString("0.00", CultureInfo.InvariantCulture);
        return English ? $"by meaning {shown}" : $"по смыслу {shown.Replace('.', ',')}";
    }
}
