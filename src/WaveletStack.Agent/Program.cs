using System.Runtime.InteropServices;
using WaveletStack.Agent;
using WaveletStack.Agent.Benchmark;
using WaveletStack.Agent.LoadBalancer;
using WaveletStack.Agent.Node;
using WaveletStack.Agent.Processes;
using WaveletStack.Agent.Settings;

// wavelet-agent: the entry point of the stack's node, benchmark and load-balancer containers.
const string Usage = "usage: wavelet-agent node|benchmark|loadbalancer|health";
var env = Env.FromProcess();
var paths = AgentPaths.From(env);

using var signals = new StopSignals();
var stop = signals.Token;

try
{
    switch (args.FirstOrDefault())
    {
        case "health":
            return await HealthCheck.RunAsync(env, paths, stop);
        case "node":
            await NodeMode.RunAsync(NodeSettings.Load(env, paths), paths, stop);
            return signals.ExitCode;
        case "benchmark":
            await BenchmarkMode.RunAsync(env, paths, stop);
            return signals.ExitCode;
        case "loadbalancer":
            await LoadBalancerMode.RunAsync(LoadBalancerSettings.Load(env), paths, stop);
            return signals.ExitCode;
        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (ConfigurationException e)
{
    // Exiting would have the swarm restart the container in a loop that fixes nothing: report
    // the fault, stay up (unhealthy) and repeat the report until the stack is updated.
    while (!stop.IsCancellationRequested)
    {
        Log.Error($"configuration error: {e.Message} Fix the stack configuration and update the stack.");
        await Task.Delay(TimeSpan.FromMinutes(1), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
    return 1;
}
catch (Exception) when (stop.IsCancellationRequested) // a call cut short by a stop signal, whatever its exception type
{
    return signals.ExitCode;
}
