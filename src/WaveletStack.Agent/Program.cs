using System.Runtime.InteropServices;
using WaveletStack.Agent;
using WaveletStack.Agent.Benchmark;
using WaveletStack.Agent.LoadBalancer;
using WaveletStack.Agent.Node;
using WaveletStack.Agent.Settings;

// wavelet-agent: the entry point of the stack's node, benchmark and load-balancer containers.
const string Usage = "usage: wavelet-agent node|benchmark|loadbalancer|health";
var env = Env.FromProcess();
var paths = AgentPaths.From(env);

using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context) { context.Cancel = true; stop.Cancel(); }
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

try
{
    switch (args.FirstOrDefault())
    {
        case "health":
            return await HealthCheck.RunAsync(env, paths, stop.Token);
        case "node":
            await NodeMode.RunAsync(NodeSettings.Load(env, paths), paths, stop.Token);
            return 0;
        case "benchmark":
            await BenchmarkMode.RunAsync(env, paths, stop.Token);
            return 0;
        case "loadbalancer":
            await LoadBalancerMode.RunAsync(LoadBalancerSettings.Load(env), paths, stop.Token);
            return 0;
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
        await Task.Delay(TimeSpan.FromMinutes(1), stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
    return 1;
}
catch (Exception) when (stop.IsCancellationRequested) // a call cut short by SIGTERM, whatever its exception type
{
    return 0;
}
