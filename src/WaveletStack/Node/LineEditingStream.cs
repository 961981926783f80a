namespace WaveletStack.Node;

/// <summary>
/// Input from a raw terminal turned into lines, as a terminal in cooked mode would: typed keys
/// are echoed, Backspace edits, Enter sends the line with "\n". Control keys (Ctrl-C, Ctrl-P,
/// Ctrl-Q) pass at once so detaching still works; Ctrl-D on an empty line ends the input.
/// </summary>
sealed class LineEditingStream(Stream input, Stream echo) : Stream
{
    readonly List<byte> line = [];
    readonly Queue<byte> ready = new();
    readonly byte[] raw = new byte[256];

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (ready.Count == 0)
        {
            var count = await input.ReadAsync(raw, cancellationToken);
            if (count == 0) return 0;
            var shown = new List<byte>();
            foreach (var b in raw.AsSpan(0, count))
            {
                switch (b)
                {
                    case (byte)'\r' or (byte)'\n':
                        line.Add((byte)'\n');
                        foreach (var x in line) ready.Enqueue(x);
                        line.Clear();
                        shown.AddRange("\r\n"u8.ToArray());
                        break;
                    case 0x7F or 0x08:
                        if (line.Count > 0) { line.RemoveAt(line.Count - 1); shown.AddRange("\b \b"u8.ToArray()); }
                        break;
                    case 0x04 when line.Count == 0 && ready.Count == 0:
                        return 0;
                    case < 0x20 and not (byte)'\t':
                        ready.Enqueue(b);
                        break;
                    default:
                        line.Add(b);
                        shown.Add(b);
                        break;
                }
            }
            if (shown.Count > 0) { await echo.WriteAsync(shown.ToArray(), cancellationToken); await echo.FlushAsync(cancellationToken); }
        }
        var n = 0;
        while (n < buffer.Length && ready.Count > 0) buffer.Span[n++] = ready.Dequeue();
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
