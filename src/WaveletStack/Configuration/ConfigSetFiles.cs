namespace WaveletStack.Configuration;

/// <summary>
/// <c>SetConfig --set-file KEY=FILE</c>: the value is the file's content (<c>KEY=-</c>: standard
/// input), so a private key never has to be typed on a command line, where <c>ps</c> and the
/// shell's history keep it. Turned into the <c>KEY=VALUE</c> words <c>--set</c> takes.
/// </summary>
public static class ConfigSetFiles
{
    public static List<string> Read(IEnumerable<string> setFiles, Func<TextReader> standardInput)
    {
        var sets = new List<string>();
        var stdinUsed = false;
        foreach (var setFile in setFiles)
        {
            var equals = setFile.IndexOf('=');
            if (equals <= 0 || equals == setFile.Length - 1)
                throw new UserErrorException($"--set-file '{setFile}' is not KEY=FILE; write it as --set-file WAVELET_KEYS=keys.csv (or WAVELET_KEYS=- for standard input).");
            var (key, path) = (setFile[..equals].Trim(), setFile[(equals + 1)..]);
            string text;
            if (path == "-")
            {
                if (stdinUsed) throw new UserErrorException($"--set-file {key}=-: standard input is already read for another key; give one of them a file.");
                stdinUsed = true;
                text = standardInput().ReadToEnd();
            }
            else if (!File.Exists(path))
                throw new UserErrorException($"--set-file {key}={path}: no such file; give the path of a file holding the value.");
            else text = File.ReadAllText(path);
            // Editors and `echo` end files with a newline that is no part of the value.
            sets.Add($"{key}={text.TrimEnd('\r', '\n')}");
        }
        return sets;
    }

    /// <summary>The secret keys among <c>--set</c> words (given on the command line).</summary>
    public static IEnumerable<string> SecretsIn(IEnumerable<string> sets) =>
        sets.Select(s => s.Split('=')[0].Trim()).Where(k => ConfigKeys.Find(k)?.IsSecret == true).Distinct();
}
