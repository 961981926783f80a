using System.Net;

namespace WaveletStack.Providers.DigitalOcean;

/// <summary>The DigitalOcean API answered with an error; the message is one sentence for the user.</summary>
public sealed class DigitalOceanApiException(HttpStatusCode status, string message)
    : UserErrorException(message)
{
    public HttpStatusCode Status => status;

    public static DigitalOceanApiException From(HttpStatusCode status, DoError? error, string doing)
    {
        var said = string.IsNullOrWhiteSpace(error?.Message) ? status.ToString() : error!.Message!.TrimEnd('.');
        var code = (int)status;
        var message = status switch
        {
            HttpStatusCode.Unauthorized =>
                $"DigitalOcean refused the API token while {doing} ({code}: {said}); set a valid token in DIGITALOCEAN_TOKEN or --digital-ocean-token (Control Panel → API → Tokens, read and write scope).",
            HttpStatusCode.Forbidden =>
                $"DigitalOcean did not allow {doing} ({code}: {said}); use a token with write scope.",
            HttpStatusCode.NotFound => $"DigitalOcean found nothing while {doing} ({code}: {said}).",
            HttpStatusCode.UnprocessableEntity => $"DigitalOcean rejected {doing} ({code}: {said}).",
            HttpStatusCode.TooManyRequests => $"DigitalOcean kept limiting the rate while {doing} ({code}: {said}); wait a minute and retry.",
            _ when code >= 500 => $"DigitalOcean failed while {doing} ({code}: {said}); try again in a few minutes.",
            _ => $"DigitalOcean answered {code} while {doing}: {said}.",
        };
        return new DigitalOceanApiException(status, message);
    }
}
