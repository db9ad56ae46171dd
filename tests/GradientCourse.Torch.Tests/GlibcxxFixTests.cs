using System.Text;
using TorchSharp;

namespace GradientCourse.Torch.Tests;

/// <summary>
/// The build's TorchSharp GLIBCXX fix (build/TorchSharpGlibcxxFix.targets) is in effect: TorchSharp loads its native
/// library from this test's output directory, and on a system whose libstdc++ lacks GLIBCXX_3.4.32 (Debian 12) the
/// output copy requires that version only weakly, while the NuGet cache's original stays untouched.
/// </summary>
public class GlibcxxFixTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void TorchLoads_AndComputesInFloat64()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.ones(3, 3, dtype: torch.ScalarType.Float64);
        Assert.Equal(9.0, t.sum().item<double>());
    }

    [Fact]
    public void TorchSharpNativeLibrary_IsLoadedFromTheBuildOutput_NotAFallbackCopy()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using (torch.ones(1))
        {
        }

        var loaded = File.ReadAllLines("/proc/self/maps")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 6 && f[5].EndsWith("/libLibTorchSharp.so", StringComparison.Ordinal))
            .Select(f => f[5])
            .Distinct()
            .ToList();
        Assert.Equal([Path.GetFullPath(OutputCopy)], loaded);
    }

    [Fact]
    public void OutputCopy_RequiresGlibcxx3432WeaklyExactlyWhenTheSystemLacksIt()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(OutputCopy))
        {
            Assert.True(!OperatingSystem.IsLinux(), $"{OutputCopy} is missing: TorchSharp's native files were not copied to the output");
            return;
        }

        var need = Assert.Single(ElfVersionNeeds.Read(OutputCopy), v => v.Name == Version);
        Assert.Equal("libstdc++.so.6", need.File);
        if (SystemLibStdCxxHas(Version))
        {
            Assert.False(need.IsWeak, $"the system has {Version}, so the build must leave the library as shipped");
        }
        else
        {
            Assert.True(need.IsWeak, $"the system lacks {Version} but {OutputCopy} still requires it strictly: the build fix did not run");
        }

        // every other version requirement is untouched
        Assert.All(ElfVersionNeeds.Read(OutputCopy).Where(v => v.Name != Version), v => Assert.False(v.IsWeak, v.Name));
    }

    [Fact]
    public void NuGetCacheOriginal_IsNeverPatched()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var original = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(original))
        {
            return; // restored elsewhere: nothing to check
        }

        Assert.False(Assert.Single(ElfVersionNeeds.Read(original), v => v.Name == Version).IsWeak);
    }

    private static bool SystemLibStdCxxHas(string version)
    {
        string[] candidates = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6"];
        var lib = candidates.FirstOrDefault(File.Exists);
        Assert.True(lib is not null, "no system libstdc++.so.6 found");
        var bytes = File.ReadAllBytes(lib!);
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }
}
