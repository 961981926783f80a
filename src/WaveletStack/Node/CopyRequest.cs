namespace WaveletStack.Node;

/// <summary>One side of a copy: a local path, or `&lt;nodeId&gt;:&lt;path&gt;` inside a node.</summary>
public sealed record CopyEndpoint(NodeId? Node, string Path)
{
    public bool IsRemote => Node is not null;

    /// <summary>`1:/tmp/x` is remote; `./a:b` or `/x` are local (a prefix that is no node id stays a path).</summary>
    public static CopyEndpoint Parse(string word)
    {
        var colon = word.IndexOf(':');
        if (colon > 0 && NodeId.TryParse(word[..colon]) is { } node)
        {
            var path = word[(colon + 1)..];
            return path.Length > 0 ? new(node, path)
                : throw new UserErrorException($"'{word}' names no path in node {node}; write it as {node}:/path/in/container.");
        }
        return new(null, word);
    }

    public override string ToString() => Node is null ? Path : $"{Node}:{Path}";
}

/// <summary>`Copy &lt;src&gt;... &lt;dest&gt;`: exactly one side is inside a node.</summary>
public sealed record CopyRequest(IReadOnlyList<CopyEndpoint> Sources, CopyEndpoint Destination)
{
    public bool ToNode => Destination.IsRemote;
    public NodeId Node => (Destination.Node ?? Sources[0].Node)!;

    public static CopyRequest Parse(IReadOnlyList<string> words)
    {
        if (words.Count < 2)
            throw new UserErrorException("Copy needs a source and a destination: `./build.sh Copy <src>... <dest>`, one side written <nodeId>:<path> (for example `Copy 1:/data/db ./db`).");
        var endpoints = words.Select(CopyEndpoint.Parse).ToList();
        var sources = endpoints[..^1];
        var destination = endpoints[^1];
        var remoteSources = sources.Where(s => s.IsRemote).ToList();
        if (destination.IsRemote && remoteSources.Count > 0)
            throw new UserErrorException($"Copy between nodes is not supported ({remoteSources[0]} → {destination}); copy to a local folder first, then from it.");
        if (!destination.IsRemote && remoteSources.Count == 0)
            throw new UserErrorException("Neither side of the copy is in a node; write one side as <nodeId>:<path> (for example `1:/tmp/file`).");
        if (!destination.IsRemote && remoteSources.Count != sources.Count)
            throw new UserErrorException("Copy from a node takes only node paths as sources; copy local files with your own tools.");
        if (remoteSources.Select(s => s.Node).Distinct().Count() > 1)
            throw new UserErrorException($"Copy takes sources from one node only, not from {string.Join(" and ", remoteSources.Select(s => s.Node).Distinct())}.");
        return new CopyRequest(sources, destination);
    }
}
