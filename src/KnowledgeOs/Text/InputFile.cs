namespace KnowledgeOs.Text;

/// <summary>
/// Reading a file a person named (a report, a team file): the runtime's refusal becomes a coded <see cref="InputException"/>
/// naming the file, worded like every other input error (<see cref="ErrorCodes.FileMissing"/>,
/// <see cref="ErrorCodes.FileAccessDenied"/>, <see cref="ErrorCodes.FileUnreadable"/>).
/// </summary>
public static class InputFile
{
    /// <summary>The file's bytes.</summary>
    /// <exception cref="InputException">The file is gone, may not be read, or the disk fails; the message names it.</exception>
    public static async Task<byte[]> ReadAllBytesAsync(string path, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: no such file.", path, ex).WithCode(ErrorCodes.FileMissing, path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InputException($"{path}: cannot read the file: {ex.Message}", path, ex).WithCode(ErrorCodes.FileAccessDenied, path);
        }
        catch (IOException ex)
        {
            throw new InputException($"{path}: cannot read the file: {ex.Message}", path, ex).WithCode(ErrorCodes.FileUnreadable, path);
        }
    }
}
