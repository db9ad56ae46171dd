using System.Buffers.Binary;
using System.Text;

namespace GradientCourse.Torch.Tests;

/// <summary>One version requirement (Vernaux) of an ELF file: e.g. GLIBCXX_3.4.32 from libstdc++.so.6, with its flags (0x2 = weak).</summary>
internal sealed record VersionNeed(string File, string Name, ushort Flags)
{
    public bool IsWeak => (Flags & 0x2) != 0;
}

/// <summary>Reads .gnu.version_r of a 64-bit little-endian ELF file (independently of the build's patcher).</summary>
internal static class ElfVersionNeeds
{
    public static IReadOnlyList<VersionNeed> Read(string path)
    {
        var b = File.ReadAllBytes(path);
        Assert.True(b.AsSpan(0, 4).SequenceEqual("\u007fELF"u8), $"{path} is not an ELF file");
        var shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(0x28));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(0x3A));
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(0x3C));
        long Section(int i) => shoff + ((long)i * shentsize);
        uint U32(long o) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)o));
        ushort U16(long o) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan((int)o));
        long Offset(int section) => (long)BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan((int)Section(section) + 24));
        string Str(long o) => Encoding.ASCII.GetString(b, (int)o, Array.IndexOf(b, (byte)0, (int)o) - (int)o);

        var result = new List<VersionNeed>();
        for (var i = 0; i < shnum; i++)
        {
            if (U32(Section(i) + 4) != 0x6ffffffe)
            {
                continue;
            }

            var strtab = Offset((int)U32(Section(i) + 40));
            var count = U32(Section(i) + 44);
            var vn = Offset(i);
            for (var n = 0; n < count; n++)
            {
                var file = Str(strtab + U32(vn + 4));
                var vna = vn + U32(vn + 8);
                for (var a = 0; a < U16(vn + 2); a++)
                {
                    result.Add(new VersionNeed(file, Str(strtab + U32(vna + 8)), U16(vna + 4)));
                    vna += U32(vna + 12);
                }

                vn += U32(vn + 12);
            }
        }

        return result;
    }
}
