namespace WaveletStack.Images;

/// <summary>
/// A lock shared by every process on this machine (an exclusively opened file in the temp
/// folder), so that concurrent builds do not make the same expensive thing twice.
/// </summary>
public static class MachineLock
{
    public static async Task<IDisposable> AcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}.lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
            }
            catch (IOException e)
            {
                throw new UserErrorException(
                    $"Another build held {path} for over {timeout.TotalMinutes:0} minutes; wait for it to finish, or delete the file if no build runs.", e);
            }
        }
    }
}
