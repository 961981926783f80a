namespace WaveletStack.Configuration;

/// <summary>
/// The copy of a stack's configuration kept on its swarm's manager
/// (<c>/etc/wavelet-stack/&lt;stack&gt;</c>), so every user of a shared stack sees the same
/// settings. The Swarm area implements it over SSH; the local engine has none.
/// </summary>
public interface IRemoteConfigStore
{
    /// <summary>Where the copy lives, for messages and <c>ShowConfig --origin</c>.</summary>
    string Describe(string stack) => $"manager:/etc/wavelet-stack/{stack}";

    /// <summary>The file's text, or null when the stack has no copy there yet.</summary>
    Task<string?> ReadAsync(string stack, CancellationToken cancellationToken);

    /// <summary>Replaces the copy (mode 600: it may hold keys).</summary>
    Task WriteAsync(string stack, string text, CancellationToken cancellationToken);
}
