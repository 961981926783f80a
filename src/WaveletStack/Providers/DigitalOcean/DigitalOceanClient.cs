namespace WaveletStack.Providers.DigitalOcean;

public sealed class DigitalOceanClient
{
    public static DigitalOceanClient FromRequest(HostRequest request) => new();
}
