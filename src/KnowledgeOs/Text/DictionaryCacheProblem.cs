namespace KnowledgeOs.Text;

/// <summary>What was wrong with a Hunspell dictionary cache file (<see cref="HunspellCache"/>); the CLI says it in the team's language.</summary>
public enum DictionaryCacheFault
{
    /// <summary>The file is not a kos dictionary cache (garbage, or another program's file).</summary>
    NotACache,
    /// <summary>Written by another format version (<see cref="DictionaryCacheProblem.Detail"/> is the version found).</summary>
    OtherVersion,
    /// <summary>Shorter or longer than its header says.</summary>
    TruncatedOrPadded,
    /// <summary>Built from other <c>.aff</c>/<c>.dic</c> files than those in the folder now.</summary>
    OtherSources,
    /// <summary>Its contents do not match their checksum.</summary>
    ChecksumMismatch,
    /// <summary>The machine is big-endian; the format is little-endian.</summary>
    BigEndian,
    /// <summary>It could not be read (<see cref="DictionaryCacheProblem.Detail"/> is the system's message).</summary>
    Unreadable,
    /// <summary>It could not be written (<see cref="DictionaryCacheProblem.Detail"/> is the system's message).</summary>
    NotWritten,
}

/// <summary>Why a dictionary cache file was not used, or not written; the dictionary was parsed from its text instead.</summary>
/// <param name="Path">The cache file.</param>
/// <param name="Fault">What was wrong.</param>
/// <param name="Detail">The version found, or the system's message; null when the fault says all.</param>
public sealed record DictionaryCacheProblem(string Path, DictionaryCacheFault Fault, string? Detail = null)
{
    /// <summary>True when the file was there but could not be used, and a new one was written in its place.</summary>
    public bool Rebuilt => Fault is not (DictionaryCacheFault.Unreadable or DictionaryCacheFault.NotWritten);
}
