using WaveletStack.Sim.Node;

namespace WaveletStack.Sim.Api;

/// <summary>The node's HTTP API on `--api.port`, listening on every interface.</summary>
internal static class ApiServer
{
    public static WebApplication Build(int port, NodeHost host)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.ListenAnyIP(port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = HttpIo.MaxBody;
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SimJson.Default));

        var app = builder.Build();
        app.UseWebSockets();
        NodeEndpoints.Map(app, host);
        LedgerEndpoints.Map(app, host);
        PollEndpoints.Map(app, host);
        return app;
    }
}
