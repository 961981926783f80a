using System.Text;
using System.Text.RegularExpressions;

namespace WaveletStack.Configuration;

/// <summary>
/// A configuration file in the original's format: <c>KEY=VALUE</c> lines, <c>#</c> comments,
/// blank lines, values optionally in single or double quotes (which may span lines), and an
/// <c>export </c> prefix tolerated. The file is read as data, never executed. Edits keep every
/// other line, comment and the order of the file as they were.
/// </summary>
public sealed partial class KeyValueFile
{
    /// <summary>One piece of the file: a setting, or text kept as is (comment, blank line).</summary>
    public sealed record Entry(string Raw, string? Key, string Value, int Line);

    readonly IReadOnlyList<Entry> entries;

    KeyValueFile(IReadOnlyList<Entry> entries, IReadOnlyList<ConfigProblem> problems)
    {
        this.entries = entries;
        Problems = problems;
    }

    public static readonly KeyValueFile Empty = new([], []);

    /// <summary>Lines that could not be read, as errors naming the source and line.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; }

    /// <summary>The settings in file order; a key set twice appears twice (the last wins).</summary>
    public IEnumerable<Entry> Settings => entries.Where(e => e.Key is not null);

    /// <summary>The value of each key, the last setting winning.</summary>
    public IReadOnlyDictionary<string, string> Values =>
        Settings.GroupBy(e => e.Key!).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    public bool HasKey(string key) => Settings.Any(e => e.Key == key);

    public static KeyValueFile Parse(string text, string source)
    {
        var reader = new Reader(text.ReplaceLineEndings("\n"), source);
        var entries = new List<Entry>();
        while (!reader.AtEnd) entries.Add(reader.ReadEntry());
        return new KeyValueFile(entries, reader.Problems);
    }

    /// <summary>A copy with <paramref name="key"/> set: its first line rewritten in place, later repeats dropped, or a line appended.</summary>
    public KeyValueFile With(string key, string value)
    {
        var line = Format(key, value);
        var list = new List<Entry>();
        var done = false;
        foreach (var entry in entries)
        {
            if (entry.Key != key) list.Add(entry);
            else if (!done)
            {
                var prefix = entry.Raw.TrimStart().StartsWith("export ", StringComparison.Ordinal) ? "export " : "";
                list.Add(new Entry(prefix + line, key, value, entry.Line));
                done = true;
            }
        }
        if (!done) list.Add(new Entry(line, key, value, 0));
        return new KeyValueFile(list, Problems);
    }

    /// <summary>A copy without any line setting <paramref name="key"/>.</summary>
    public KeyValueFile Without(string key) => new(entries.Where(e => e.Key != key).ToList(), Problems);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var entry in entries) text.Append(entry.Raw).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// <c>KEY=VALUE</c>, quoted only when needed so that both this reader and a shell read the
    /// same value back: bare, then single quotes, then double quotes with escapes.
    /// </summary>
    public static string Format(string key, string value) =>
        BarePattern().IsMatch(value) ? $"{key}={value}"
        : !value.Contains('\'') ? $"{key}='{value}'"
        : $"{key}=\"{DoubleQuoteEscapes().Replace(value, @"\$0")}\"";

    [GeneratedRegex(@"^[A-Za-z0-9_./:,@%+=-]*$")]
    private static partial Regex BarePattern();

    [GeneratedRegex(@"[\\""$`]")]
    private static partial Regex DoubleQuoteEscapes();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex KeyPattern();

    /// <summary>Reads the text one entry (one logical line) at a time.</summary>
    sealed class Reader(string text, string source)
    {
        int position;
        int line = 1;
        public List<ConfigProblem> Problems { get; } = [];
        public bool AtEnd => position >= text.Length;

        public Entry ReadEntry()
        {
            var start = position;
            var startLine = line;
            var physical = ReadRestOfLine();
            var trimmed = physical.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) return new Entry(physical, null, "", startLine);

            var body = trimmed.StartsWith("export ", StringComparison.Ordinal) ? trimmed[7..].TrimStart() : trimmed;
            var equals = body.IndexOf('=');
            var key = equals > 0 ? body[..equals].Trim() : "";
            if (!KeyPattern().IsMatch(key))
            {
                // The line's text is not shown: it may be part of a secret that lost its quotes.
                Problems.Add(ConfigProblem.Error(key, $"{source} line {startLine} is not a KEY=VALUE line; expected a name, '=' and a value (quote values that span lines)."));
                return new Entry(physical, null, "", startLine);
            }

            // The value may continue on following lines inside quotes: rewind to just after '='.
            position = start + physical.IndexOf('=') + 1;
            line = startLine;
            var value = ReadValue(key, startLine);
            return new Entry(text[start..position].TrimEnd('\n'), key, value, startLine);
        }

        /// <summary>Shell-like word: bare text and quoted pieces glued together, up to blank or end of line.</summary>
        string ReadValue(string key, int startLine)
        {
            var value = new StringBuilder();
            while (position < text.Length && text[position] is ' ' or '\t') position++;
            // "KEY=   # note" is an empty value followed by a comment, as in a shell.
            while (position < text.Length && text[position] is not ('\n' or ' ' or '\t') && !(value.Length == 0 && text[position] == '#'))
            {
                var c = text[position++];
                if (c == '\'') ReadQuoted(value, '\'', key, startLine);
                else if (c == '"') ReadQuoted(value, '"', key, startLine);
                else if (c == '\\' && position < text.Length && text[position] != '\n') value.Append(text[position++]);
                else value.Append(c);
            }
            // After the value only blanks and a comment may follow on this line.
            var rest = ReadRestOfLine().Trim();
            if (rest.Length > 0 && !rest.StartsWith('#'))
                Problems.Add(ConfigProblem.Error(key, $"{source} line {startLine}: {key} has text after its value" +
                    (ConfigKeys.Find(key)?.IsSecret == true ? "" : $" ('{Shorten(rest)}')") + "; put values containing blanks in quotes."));
            return value.ToString();
        }

        void ReadQuoted(StringBuilder value, char quote, string key, int startLine)
        {
            while (position < text.Length && text[position] != quote)
            {
                var c = text[position++];
                if (c == '\n') line++;
                if (quote == '"' && c == '\\' && position < text.Length && text[position] is '\\' or '"' or '$' or '`')
                    c = text[position++];
                value.Append(c);
            }
            if (position >= text.Length)
                Problems.Add(ConfigProblem.Error(key, $"{source} line {startLine}: {key} has no closing {quote}; close the quote."));
            else position++;
        }

        /// <summary>The text up to the end of the current line, moving past its newline.</summary>
        string ReadRestOfLine()
        {
            var end = text.IndexOf('\n', position);
            var rest = end < 0 ? text[position..] : text[position..end];
            position = end < 0 ? text.Length : end + 1;
            line++;
            return rest;
        }

        static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";
    }
}
