using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WaveletStack.Sim.Api;

/// <summary>Writes answers with exactly the status, content type and body the real node uses.</summary>
internal static class HttpIo
{
    public const int MaxBody = 1 << 20;

    public static async Task Json<T>(HttpContext ctx, int status, T value, JsonTypeInfo<T> type)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, value, type, ctx.RequestAborted);
    }

    public static Task Error(HttpContext ctx, int status, string error) =>
        Json(ctx, status, new ErrorView(StatusText(status), error), SimJson.Default.ErrorView);

    public static Task Message(HttpContext ctx, string message) =>
        Json(ctx, 200, new MessageView(message), SimJson.Default.MessageView);

    /// <summary>Missing or wrong bearer: 401 `Unauthorized` in text/plain with the Bearer challenge.</summary>
    public static async Task Unauthorized(HttpContext ctx)
    {
        ctx.Response.StatusCode = 401;
        ctx.Response.ContentType = "text/plain";
        ctx.Response.Headers.WWWAuthenticate = "Bearer realm=Restricted";
        await ctx.Response.WriteAsync("Unauthorized", ctx.RequestAborted);
    }

    /// <summary>The body as a JSON document; a parse error's text starts with the real node's prefix.</summary>
    public static async Task<(JsonDocument? Document, string? Error)> ReadJson(HttpContext ctx)
    {
        // Kestrel caps the body size (MaxRequestBodySize), so buffering it is bounded.
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
        try
        {
            return (JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length)), null);
        }
        catch (JsonException e)
        {
            return (null, "error parsing request body: cannot parse JSON: " + e.Message);
        }
    }

    static string StatusText(int status) => status switch
    {
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    };
}
