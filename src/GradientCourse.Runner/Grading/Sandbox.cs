using System.Diagnostics;
using System.Globalization;

namespace GradientCourse.Runner.Grading;

/// <summary>
/// The worker's world. The grader copies what a worker needs (the runner's bin, the course libraries' bins, data/,
/// the package pins) into a private folder it owns (<see cref="CourseCopy"/>); notebooks run in its <c>notebooks/</c>
/// folder, so their relative paths (<c>../src/…/GradientCourse.dll</c>, <c>../data/…</c>) resolve to the copy. With
/// bubblewrap (<see cref="Isolated"/>), a grade-mode worker runs as an unprivileged user in new user, mount, PID,
/// network, IPC, UTS and cgroup namespaces: read-only system folders and copy, size-limited tmpfs for its scratch
/// folder, /tmp and /dev/shm, no network, killed with the grader, and in a memory (and pids) cgroup when one can be
/// made. It sees no instructor notebook, no hidden test, no results folder and none of the real repository.
/// </summary>
internal sealed class Sandbox : IDisposable
{
    private const string MountPoint = "/course";
    private static readonly string[] BubblewrapPaths = ["/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"];
    private static int counter;

    private Sandbox(string root, string? bubblewrap, string? refusal)
    {
        Root = root;
        CourseCopy = Path.Combine(root, "course");
        Bubblewrap = bubblewrap;
        Refusal = refusal;
    }

    /// <summary>The grader's private temp folder (mode 0711).</summary>
    public string Root { get; }

    /// <summary>The private copy of what a worker needs.</summary>
    public string CourseCopy { get; }

    /// <summary>The bwrap executable when the sandbox works here.</summary>
    public string? Bubblewrap { get; }

    /// <summary>Why the sandbox cannot be set up here (null when it can).</summary>
    public string? Refusal { get; }

    /// <summary>True when grade-mode workers run inside bubblewrap.</summary>
    public bool Isolated => Bubblewrap is not null;

    /// <summary>The folder a trusted (record-mode or unsandboxed) worker runs in.</summary>
    public string NotebooksFolder => Path.Combine(CourseCopy, "notebooks");

    /// <summary>Makes the private copy from <paramref name="repoRoot"/> and <paramref name="runnerBin"/>, and checks
    /// whether bubblewrap works here.</summary>
    public static Sandbox Create(string repoRoot, string runnerBin)
    {
        var root = Directory.CreateTempSubdirectory("gradientcourse-grade-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        var copy = Path.Combine(root, "course");
        CopyTree(runnerBin, Path.Combine(copy, "runner"), IsForeignRuntime);
        foreach (var project in Directory.GetDirectories(Path.Combine(repoRoot, "src")).Order(StringComparer.Ordinal))
        {
            var bin = Path.Combine(project, "bin", "Debug", "net10.0");
            if (Path.GetFileName(project) != "GradientCourse.Runner" && Directory.Exists(bin))
            {
                CopyTree(bin, Path.Combine(copy, "src", Path.GetFileName(project), "bin", "Debug", "net10.0"), IsForeignRuntime);
            }
        }

        if (Directory.Exists(Path.Combine(repoRoot, "data")))
        {
            CopyTree(Path.Combine(repoRoot, "data"), Path.Combine(copy, "data"), _ => false);
        }

        foreach (var file in new[] { RepoPaths.SolutionFile, "Directory.Packages.props" })
        {
            if (File.Exists(Path.Combine(repoRoot, file)))
            {
                File.Copy(Path.Combine(repoRoot, file), Path.Combine(copy, file));
            }
        }

        Directory.CreateDirectory(Path.Combine(copy, "notebooks"));
        Directory.CreateDirectory(Path.Combine(copy, "nuget"));
        MakeReadable(copy);
        var (bubblewrap, refusal) = Probe(copy);
        return new Sandbox(root, bubblewrap, refusal);
    }

    /// <summary>The command that starts a worker: inside bubblewrap when <paramref name="isolate"/>, else a plain child
    /// process in <see cref="NotebooksFolder"/>.</summary>
    public ProcessStartInfo StartInfo(bool isolate, long memoryBytes, long heapBytes, int scratchMegabytes, Cgroup? cgroup)
    {
        var dotnet = DotnetHost();
        var runner = Path.Combine(isolate ? MountPoint : CourseCopy, "runner", "GradientCourse.Runner.dll");
        var heap = "0x" + heapBytes.ToString("X", CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!isolate)
        {
            ClearNotebooksFolder();
            start.FileName = dotnet;
            start.WorkingDirectory = NotebooksFolder;
            start.ArgumentList.Add(runner);
            start.ArgumentList.Add("grade-worker");
            start.Environment["DOTNET_GCHeapHardLimit"] = heap;
            start.Environment["DOTNET_gcServer"] = "0";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["NUGET_PACKAGES"] = Path.Combine(CourseCopy, "nuget");
            start.Environment["HOME"] = NotebooksFolder;
            start.Environment["TMPDIR"] = NotebooksFolder;
            start.Environment["GRADIENTCOURSE_PROBES"] = "record";
            return start;
        }

        // sh puts itself into the cgroup, then becomes (prlimit →) setpriv → bwrap → the worker.
        start.FileName = "/bin/sh";
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("for f in $GC_CGROUP_PROCS; do echo $$ > \"$f\" || exit 125; done; exec \"$@\"");
        start.ArgumentList.Add("gradientcourse-worker");
        start.Environment["GC_CGROUP_PROCS"] = string.Join(' ', cgroup?.ProcsFiles ?? []);
        if (cgroup is null)
        {
            // No cgroup here: bound the address space instead (counts native memory; the runtime needs ~2 GB of it).
            start.ArgumentList.Add("prlimit");
            start.ArgumentList.Add("--as=" + (memoryBytes + (2048L << 20)).ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--");
        }

        if (IsRoot())
        {
            foreach (var arg in new[] { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in BubblewrapArguments(Bubblewrap!, CourseCopy, dotnet, scratchMegabytes, heap))
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(dotnet);
        start.ArgumentList.Add(runner);
        start.ArgumentList.Add("grade-worker");
        return start;
    }

    /// <summary>Deletes the private copy.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover temp folder holds no secret: only the runner, the libraries and data
        }
    }

    private void ClearNotebooksFolder()
    {
        foreach (var entry in new DirectoryInfo(NotebooksFolder).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo { LinkTarget: null } dir)
            {
                dir.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    private static List<string> BubblewrapArguments(string bwrap, string copy, string dotnet, int scratchMegabytes, string heap)
    {
        var size = ((long)scratchMegabytes << 20).ToString(CultureInfo.InvariantCulture);
        var args = new List<string> { bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--uid", "65534", "--gid", "65534", "--hostname", "sandbox" };
        args.AddRange(["--ro-bind", "/usr", "/usr"]);
        foreach (var dir in new[] { "/lib", "/lib64", "/lib32", "/bin", "/sbin" })
        {
            var info = new DirectoryInfo(dir);
            if (info.Exists && info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, dir]);
            }
            else if (info.Exists)
            {
                args.AddRange(["--ro-bind", dir, dir]);
            }
        }

        foreach (var file in new[] { "/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf" })
        {
            if (File.Exists(file))
            {
                args.AddRange(["--ro-bind", file, file]);
            }
        }

        var dotnetRoot = Path.GetDirectoryName(dotnet)!;
        if (!dotnetRoot.StartsWith("/usr/", StringComparison.Ordinal))
        {
            args.AddRange(["--ro-bind", dotnetRoot, dotnetRoot]);
        }

        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        args.AddRange(["--ro-bind", copy, MountPoint]);
        args.AddRange(["--size", size, "--tmpfs", MountPoint + "/notebooks"]);
        args.AddRange(["--size", size, "--tmpfs", "/tmp"]);
        args.AddRange(["--size", size, "--tmpfs", "/dev/shm"]);
        args.AddRange(["--chdir", MountPoint + "/notebooks", "--clearenv"]);
        foreach (var (name, value) in new[]
        {
            ("HOME", MountPoint + "/notebooks"), ("TMPDIR", "/tmp"), ("PATH", "/usr/bin:/bin"), ("LANG", "C.UTF-8"),
            ("DOTNET_ROOT", dotnetRoot), ("DOTNET_CLI_TELEMETRY_OPTOUT", "1"), ("DOTNET_NOLOGO", "1"),
            ("DOTNET_GCHeapHardLimit", heap), ("DOTNET_gcServer", "0"), ("DOTNET_EnableDiagnostics", "0"),
            ("NUGET_PACKAGES", MountPoint + "/nuget"),
        })
        {
            args.AddRange(["--setenv", name, value]);
        }

        return args;
    }

    /// <summary>Runs <c>true</c> in the sandbox as the worker would be run; the reason when that fails.</summary>
    private static (string? Bubblewrap, string? Refusal) Probe(string copy)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, "the sandbox needs Linux namespaces (bubblewrap)");
        }

        if (Environment.GetEnvironmentVariable("GRADIENTCOURSE_SANDBOX") == "off")
        {
            return (null, "the sandbox is switched off (GRADIENTCOURSE_SANDBOX=off)");
        }

        var bwrap = BubblewrapPaths.FirstOrDefault(File.Exists);
        if (bwrap is null)
        {
            return (null, "bubblewrap is not installed (Debian/Ubuntu: apt-get install -y bubblewrap)");
        }

        var start = new ProcessStartInfo { FileName = "/bin/sh", RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\"");
        start.ArgumentList.Add("probe");
        if (IsRoot())
        {
            foreach (var arg in new[] { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in BubblewrapArguments(bwrap, copy, DotnetHost(), 1, "0x10000000"))
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("/bin/sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("test -r /course/runner/GradientCourse.Runner.dll");
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                return (null, "bubblewrap did not start within 30 s");
            }

            return process.ExitCode == 0
                ? (bwrap, null)
                : (null, $"bubblewrap cannot create the sandbox here (exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {error.Result.Trim()}); user namespaces may be disabled");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"bubblewrap could not be started: {e.Message}");
        }
    }

    /// <summary>The dotnet host that runs the worker.</summary>
    private static string DotnetHost()
    {
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var candidates = new List<string>();
        if (root is not null)
        {
            candidates.Add(Path.Combine(root, "dotnet"));
        }

        // …/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → …/dotnet
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (runtime is not null)
        {
            candidates.Add(Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "dotnet")));
        }

        candidates.Add("/usr/share/dotnet/dotnet");
        candidates.Add("/usr/lib/dotnet/dotnet");
        return candidates.FirstOrDefault(File.Exists) ?? "dotnet";
    }

    private static bool IsForeignRuntime(string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Length >= 2 && parts[0] == "runtimes" && !parts[1].StartsWith("linux", StringComparison.Ordinal) && parts[1] != "unix";
    }

    private static void CopyTree(string from, string to, Func<string, bool> skip)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (skip(relative) || new FileInfo(file).LinkTarget is not null)
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void MakeReadable(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode dirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(root, dirMode);
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(dir, dirMode);
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var mode = File.GetUnixFileMode(file);
            File.SetUnixFileMode(file, mode | UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    /// <summary>A fresh cgroup name.</summary>
    public static string NextCgroupName() =>
        $"gradientcourse-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>True when this process runs as root (effective uid 0, from /proc/self/status).</summary>
    private static bool IsRoot()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = line?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: >= 3 } && fields[2] == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>A memory (and pids) cgroup for one worker: cgroup v1 (<c>memory/</c> and <c>pids/</c> hierarchies) or v2;
/// counts the worker's native memory and its tmpfs pages; reports whether the kernel's OOM killer fired.</summary>
internal sealed class Cgroup : IDisposable
{
    private readonly List<string> folders;

    private Cgroup(List<string> folders, string oomFile, List<string> procsFiles)
    {
        this.folders = folders;
        OomFile = oomFile;
        ProcsFiles = procsFiles;
    }

    /// <summary>The cgroup.procs files the worker's first process joins.</summary>
    public IReadOnlyList<string> ProcsFiles { get; }

    private string OomFile { get; }

    /// <summary>A cgroup limited to <paramref name="bytes"/> and <paramref name="pids"/> processes, or null when none
    /// can be made here (not root, no delegation).</summary>
    public static Cgroup? TryCreate(long bytes, int pids)
    {
        var name = Sandbox.NextCgroupName();
        try
        {
            if (File.Exists("/sys/fs/cgroup/memory/memory.limit_in_bytes"))
            {
                var memory = Path.Combine("/sys/fs/cgroup/memory", name);
                Directory.CreateDirectory(memory);
                var folders = new List<string> { memory };
                File.WriteAllText(Path.Combine(memory, "memory.limit_in_bytes"), bytes.ToString(CultureInfo.InvariantCulture));
                if (File.Exists(Path.Combine(memory, "memory.memsw.limit_in_bytes")))
                {
                    TryWrite(Path.Combine(memory, "memory.memsw.limit_in_bytes"), bytes.ToString(CultureInfo.InvariantCulture));
                }

                var procs = new List<string> { Path.Combine(memory, "cgroup.procs") };
                if (Directory.Exists("/sys/fs/cgroup/pids"))
                {
                    var pidsFolder = Path.Combine("/sys/fs/cgroup/pids", name);
                    Directory.CreateDirectory(pidsFolder);
                    folders.Add(pidsFolder);
                    File.WriteAllText(Path.Combine(pidsFolder, "pids.max"), pids.ToString(CultureInfo.InvariantCulture));
                    procs.Add(Path.Combine(pidsFolder, "cgroup.procs"));
                }

                return new Cgroup(folders, Path.Combine(memory, "memory.oom_control"), procs);
            }

            if (File.Exists("/sys/fs/cgroup/cgroup.controllers") && File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Contains("memory", StringComparison.Ordinal))
            {
                var folder = Path.Combine("/sys/fs/cgroup", name);
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, "memory.max"), bytes.ToString(CultureInfo.InvariantCulture));
                TryWrite(Path.Combine(folder, "memory.swap.max"), "0");
                TryWrite(Path.Combine(folder, "pids.max"), pids.ToString(CultureInfo.InvariantCulture));
                return new Cgroup([folder], Path.Combine(folder, "memory.events"), [Path.Combine(folder, "cgroup.procs")]);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }

    /// <summary>True when the kernel killed a process of this cgroup for exceeding the memory limit.</summary>
    public bool OomKilled()
    {
        try
        {
            foreach (var line in File.ReadAllLines(OomFile))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && parts[0] == "oom_kill" && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var n) && n > 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return false;
        }

        return false;
    }

    /// <summary>True when the worker pressed against the memory limit (the kernel had to reclaim or refuse memory):
    /// a call that timed out then was allocating, not computing.</summary>
    public bool HitLimit()
    {
        try
        {
            var folder = Path.GetDirectoryName(OomFile)!;
            var failcnt = Path.Combine(folder, "memory.failcnt");
            if (File.Exists(failcnt))
            {
                return long.TryParse(File.ReadAllText(failcnt).Trim(), CultureInfo.InvariantCulture, out var n) && n > 0;
            }

            return File.ReadAllLines(OomFile).Any(l => l.StartsWith("max ", StringComparison.Ordinal) && l != "max 0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Kills every process still in the cgroup and waits until it is empty (at most 10 s).</summary>
    public bool KillAll()
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            var pids = ProcsFiles.SelectMany(ReadPids).Distinct().ToList();
            if (pids.Count == 0)
            {
                return true;
            }

            foreach (var pid in pids)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // already gone
                }
            }

            Thread.Sleep(50);
        }

        return false;
    }

    /// <summary>Removes the cgroup folders (after <see cref="KillAll"/>).</summary>
    public void Dispose()
    {
        foreach (var folder in folders)
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // a busy cgroup is removed by the next reboot; it holds no process once KillAll returned true
            }
        }
    }

    private static IEnumerable<int> ReadPids(string file)
    {
        try
        {
            return File.ReadAllLines(file).Select(l => int.TryParse(l, CultureInfo.InvariantCulture, out var p) ? p : 0).Where(p => p > 0).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static void TryWrite(string file, string text)
    {
        try
        {
            File.WriteAllText(file, text);
        }
        catch (IOException)
        {
            // optional limit not supported here
        }
    }
}
