using System.Formats.Tar;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace WaveletStack.Node;

/// <summary>
/// `Copy`: files and folders between this machine and a node, through the engine's archive API
/// (PUT/GET /containers/{id}/archive), so it works on any host of a swarm and keeps bytes exact.
/// </summary>
public static class NodeCopy
{
    public static async Task<int> RunAsync(CopyRequest request, NodeContainer node, CancellationToken cancellationToken) =>
        request.ToNode ? await ToNodeAsync(request, node, cancellationToken) : await FromNodeAsync(request, node, cancellationToken);

    static async Task<int> ToNodeAsync(CopyRequest request, NodeContainer node, CancellationToken cancellationToken)
    {
        foreach (var source in request.Sources)
            if (!File.Exists(source.Path) && !Directory.Exists(source.Path))
                throw new UserErrorException($"'{source.Path}' does not exist here; check the path (relative paths start at {Environment.CurrentDirectory}).");
        var destination = request.Destination.Path;
        var isFolder = await StatAsync(node, destination, cancellationToken) is { } stat && IsDirectory(stat);
        if (!isFolder && request.Sources.Count > 1)
            throw new UserErrorException($"'{destination}' is not a folder in {node}; several sources need an existing folder as destination.");
        // Into an existing folder each source keeps its name; otherwise the one source takes the destination's.
        var folder = isFolder ? destination : Parent(destination);
        if (!isFolder && await StatAsync(node, folder, cancellationToken) is null)
            throw new UserErrorException($"The folder '{folder}' does not exist in {node}; create it first (`./build.sh Shell --node {node.Id} -- mkdir -p {folder}`).");

        await using var tar = TempFile();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var source in request.Sources)
                await TarFiles.AddAsync(writer, Path.TrimEndingDirectorySeparator(source.Path),
                    isFolder ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(source.Path))) : Path.GetFileName(destination.TrimEnd('/')),
                    cancellationToken);
        tar.Position = 0;
        await PutArchiveAsync(node, folder, tar, cancellationToken);
        return request.Sources.Count;
    }

    static async Task<int> FromNodeAsync(CopyRequest request, NodeContainer node, CancellationToken cancellationToken)
    {
        var destination = request.Destination.Path;
        var isFolder = Directory.Exists(destination);
        if (!isFolder && request.Sources.Count > 1)
            throw new UserErrorException($"'{destination}' is not a folder here; several sources need an existing folder as destination.");
        var parent = Path.GetDirectoryName(Path.GetFullPath(Path.TrimEndingDirectorySeparator(destination)))!;
        if (!isFolder && !Directory.Exists(parent))
            throw new UserErrorException($"The folder '{parent}' does not exist here; create it first.");
        foreach (var source in request.Sources)
        {
            await using var archive = await GetArchiveAsync(node, source.Path, cancellationToken);
            await TarFiles.ExtractAsync(archive, isFolder ? destination : parent,
                isFolder ? null : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination))), cancellationToken);
        }
        return request.Sources.Count;
    }

    /// <summary>
    /// A tar of a path in the node, in a temporary file (deleted on close) positioned at its start;
    /// the engine's response stream is read straight through, once. A missing path is the user's error.
    /// </summary>
    public static async Task<Stream> GetArchiveAsync(NodeContainer node, string path, CancellationToken cancellationToken)
    {
        try
        {
            var response = await node.Engine.Containers.GetArchiveFromContainerAsync(node.ContainerId,
                new GetArchiveFromContainerParameters { Path = path }, false, cancellationToken);
            var file = TempFile();
            await using (response.Stream) await response.Stream.CopyToAsync(file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new UserErrorException($"'{path}' does not exist in {node}; check it with `./build.sh Shell --node {node.Id} -- ls -la {Parent(path)}`.", e);
        }
    }

    public static Task PutArchiveAsync(NodeContainer node, string folder, Stream tar, CancellationToken cancellationToken) =>
        node.Engine.Containers.ExtractArchiveToContainerAsync(node.ContainerId,
            new ContainerPathStatParameters { Path = folder, AllowOverwriteDirWithFile = false }, tar, cancellationToken);

    static async Task<ContainerPathStatResponse?> StatAsync(NodeContainer node, string path, CancellationToken cancellationToken)
    {
        try
        {
            var response = await node.Engine.Containers.GetArchiveFromContainerAsync(node.ContainerId,
                new GetArchiveFromContainerParameters { Path = path }, true, cancellationToken);
            return response.Stat;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static FileStream TempFile() =>
        new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);

    // Go's os.ModeDir, as the engine reports a path's mode.
    static bool IsDirectory(ContainerPathStatResponse stat) => (stat.Mode & (1u << 31)) != 0;

    static string Parent(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash switch { < 0 => ".", 0 => "/", _ => trimmed[..slash] };
    }
}
