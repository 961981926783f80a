namespace WaveletStack.Targets;

/// <summary>
/// One run of a build: read the command line, then print help, print the plan, or run the plan
/// and its summary. Exit codes: 0 success, 1 a target failed, 2 bad usage, or the code of a
/// target's <see cref="ExitCodeException"/>.
/// </summary>
public static class BuildRunner
{
    public const int Success = 0, TargetFailed = 1, BadUsage = 2;

    public static async Task<int> RunAsync(NukeBuild build, IReadOnlyList<string> args, BuildRun run, params string[] defaultTargets)
    {
        var verbose = args.Contains("--verbose");
        try
        {
            var model = BuildModel.Discover(build);
            var line = CommandLine.Parse(args, model);
            var defaults = defaultTargets.Select(name => model.Find(name) ?? throw new UsageException($"The default target {name} does not exist.")).ToList();
            if (line.Help)
            {
                HelpWriter.Write(run.Out, model, build, defaults);
                return Success;
            }
            var requested = line.Targets.Count > 0 ? line.Targets : defaults;
            if (requested.Count == 0) throw new UsageException("Name a target to run (./build.sh --help lists them).");

            ParameterResolver.Apply(build, model, line, run.Environment, run.RootDirectory, run.Error);
            var plan = Planner.Plan(model, requested, line.Skip);
            if (line.Plan)
            {
                PlanWriter.Write(run.Out, plan);
                return Success;
            }
            NukeBuild.Enter(new BuildContext(line.Arguments, run.CancellationToken, run.RootDirectory, line.Verbose, requested.Select(t => t.Name).ToList()));
            Planner.ApplyStaticConditions(model, plan, requested);
            Requirements.Check(model, plan);
            var results = await Executor.RunAsync(plan, run, line.Verbose);
            SummaryWriter.Write(run.Error, results);
            if (results.FirstOrDefault(r => r.Status == TargetStatus.Failed) is { } failed) return failed.ExitCode ?? TargetFailed;
            return run.CancellationToken.IsCancellationRequested ? TargetFailed : Success;
        }
        catch (UsageException e)
        {
            run.Error.WriteLine("error: " + e.Message);
            if (verbose) run.Error.WriteLine(e.StackTrace);
            return BadUsage;
        }
        catch (Exception e)
        {
            // A static condition or a requirement threw before any target ran.
            run.Error.WriteLine("error: " + (e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e).Message);
            if (verbose) run.Error.WriteLine(e.ToString());
            return TargetFailed;
        }
        finally
        {
            // What targets opened for the whole run (engine connections, SSH tunnels) is closed once, here.
            if (build is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
    }
}
