using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;

namespace WaveletStack.Docker;

/// <summary>
/// An ed25519 key pair in OpenSSH's formats. Each swarm gets its own, so access to one swarm's
/// hosts never implies access to another's. Made with BouncyCastle (already a dependency of
/// SSH.NET) rather than by running ssh-keygen, so no tool on the user's machine is needed.
/// </summary>
public sealed record SshKeyPair(string PrivateKeyOpenSsh, string PublicKeyLine)
{
    public static SshKeyPair Generate(string comment)
    {
        var privateKey = new Ed25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom());
        var seed = privateKey.GetEncoded();
        var publicKey = privateKey.GeneratePublicKey().GetEncoded();

        var publicBlob = Blob(w => { w.String("ssh-ed25519"); w.Bytes(publicKey); });
        var check = RandomNumberGenerator.GetInt32(int.MaxValue);
        var privateBlock = Blob(w =>
        {
            w.UInt32((uint)check);
            w.UInt32((uint)check);
            w.String("ssh-ed25519");
            w.Bytes(publicKey);
            w.Bytes([.. seed, .. publicKey]);
            w.String(comment);
            // OpenSSH pads the unencrypted block to its 8-byte cipher block size with 1, 2, 3…
            for (byte pad = 1; w.Length % 8 != 0; pad++) w.Raw([pad]);
        });
        var file = Blob(w =>
        {
            w.Raw("openssh-key-v1\0"u8.ToArray());
            w.String("none");
            w.String("none");
            w.String("");
            w.UInt32(1);
            w.Bytes(publicBlob);
            w.Bytes(privateBlock);
        });

        var pem = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        var base64 = Convert.ToBase64String(file);
        for (var i = 0; i < base64.Length; i += 70) pem.Append(base64, i, Math.Min(70, base64.Length - i)).Append('\n');
        pem.Append("-----END OPENSSH PRIVATE KEY-----\n");
        return new SshKeyPair(pem.ToString(), $"ssh-ed25519 {Convert.ToBase64String(publicBlob)} {comment}");
    }

    static byte[] Blob(Action<SshWireWriter> write)
    {
        var writer = new SshWireWriter();
        write(writer);
        return writer.ToArray();
    }

    sealed class SshWireWriter
    {
        readonly MemoryStream buffer = new();
        public long Length => buffer.Length;
        public void Raw(byte[] bytes) => buffer.Write(bytes);
        public void UInt32(uint value)
        {
            Span<byte> span = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
            buffer.Write(span);
        }
        public void Bytes(byte[] bytes) { UInt32((uint)bytes.Length); Raw(bytes); }
        public void String(string text) => Bytes(Encoding.UTF8.GetBytes(text));
        public byte[] ToArray() => buffer.ToArray();
    }
}
