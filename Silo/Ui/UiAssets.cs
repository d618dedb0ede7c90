using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace OrleansSync.Silo.Ui;

/// <summary>
/// The pages' static files, embedded in this assembly (<c>Silo/Ui/Assets/*</c>, logical name
/// <c>ui/NAME</c>): nothing is read from disk or fetched at run time, so a silo binary carries its
/// pages. Each file is read once and served with a strong ETag.
/// </summary>
internal static class UiAssets
{
    private const string Prefix = "ui/";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    /// <summary>Writes asset <paramref name="name"/> (status as set by the caller, 200 by default); false if there is none.</summary>
    public static async Task<bool> WriteAsync(HttpContext context, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Assets.TryGetValue(name, out var asset))
        {
            return false;
        }

        var response = context.Response;
        response.Headers.ETag = asset.ETag;

        // The pages poll for data, not for these files; revalidating on every load keeps an upgraded silo's pages current.
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Content-Security-Policy"] = "default-src 'self'; connect-src *; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
        if (response.StatusCode == StatusCodes.Status200OK && context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return true;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(asset.Bytes, cancellationToken);
        }

        return true;
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(UiAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var bytes = Read(assembly, resource);
            var name = resource[Prefix.Length..];
            assets[name] = new Asset(bytes, ContentTypeOf(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
