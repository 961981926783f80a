using WaveletStack.Sim.Benchmark;
using WaveletStack.Sim.Node;

// STAND-IN for the Wavelet binaries. One program, two names: installed as /wavelet (the node)
// and /benchmark (the load generator), it picks its role from the name it was started under;
// `wavelet-sim node|benchmark …` does the same for tests.
var name = Path.GetFileNameWithoutExtension(ProgramName());
return name switch
{
    "benchmark" => await BenchmarkProgram.RunAsync(args),
    "wavelet" => await NodeProgram.RunAsync(args),
    _ when args.Length > 0 && args[0] == "node" => await NodeProgram.RunAsync(args[1..]),
    _ when args.Length > 0 && args[0] == "benchmark" => await BenchmarkProgram.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine($"""
        {NodeOptions.Banner}
        usage: wavelet-sim node [wavelet flags…]        (or run it as `wavelet`)
               wavelet-sim benchmark remote --host …    (or run it as `benchmark`)
        """);
    return 2;
}

// argv[0] as the process was started (a symlink's name, not its target); /proc has it even when
// the runtime reports the managed assembly's path instead.
static string ProgramName()
{
    try
    {
        var cmdline = File.ReadAllText("/proc/self/cmdline");
        var end = cmdline.IndexOf('\0');
        if (end > 0) return cmdline[..end];
    }
    catch (IOException)
    {
    }
    return Environment.GetCommandLineArgs()[0];
}
