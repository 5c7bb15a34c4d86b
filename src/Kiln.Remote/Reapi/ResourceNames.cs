using Kiln.Core;

namespace Kiln.Remote.Reapi;

/// ByteStream resource names for SHA-256 blobs (the digest function is implied by the hash length):
/// `{instance/}blobs/{hash}/{size}` to read, `{instance/}uploads/{uuid}/blobs/{hash}/{size}` to write.
internal static class ResourceNames
{
    public static string Read(string instance, Digest d) => $"{Prefix(instance)}blobs/{d.Hash}/{d.SizeBytes}";

    public static string Write(string instance, Guid upload, Digest d) =>
        $"{Prefix(instance)}uploads/{upload:D}/blobs/{d.Hash}/{d.SizeBytes}";

    private static string Prefix(string instance) => instance.Length == 0 ? "" : instance.Trim('/') + "/";
}
