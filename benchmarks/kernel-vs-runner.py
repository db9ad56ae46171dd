#!/usr/bin/python3
"""The course on the official C# kernel vs the course runner, measured side by side in one run (docs/performance.md).

Usage, from the repository root, after the real-kernel test has set up its kernel once
(./course.sh test --filter FullyQualifiedName~GradientCourse.Kernel.Tests):
    /usr/bin/python3 benchmarks/kernel-vs-runner.py [--out DIR]

Measures, one after the other on this machine:
  1. the course runner: `build --no-site` over every notebook (per-notebook and per-cell times from its progress
     lines, peak memory of its largest process);
  2. the kernel through Jupyter (tests/GradientCourse.Kernel.Tests/run_jupyter.py, the test's private kernel, tool,
     kernelspec and NuGet folder): per-cell wall time as the learner waits for it, per-notebook time including the
     kernel start, peak memory (VmHWM) of each notebook's kernel;
     Two passes: "Run All" (each cell right after the previous) and with a pause before each cell (--pause, a learner
     reading and clicking; the pause is not counted). Each notebook gets a fresh kernel after the previous one exited.
  3. the setup cell of 00-welcome warm (packages in the NuGet folder: every later session; --repeat fresh kernels), the
     kernel's own first-submission cost (a first cell `var a = 1;`, same repeats) and the setup cell cold (an empty
     NuGet folder: a learner's first session, packages restored from the registry).
Prints a Markdown report: per-notebook times, latency distribution (median, p90, cells > 1 s) and the slowest cells.
Not a test: numbers depend on the machine and its load; read `uptime` beside them.
"""
import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TESTS = os.path.join(ROOT, "tests", "GradientCourse.Kernel.Tests")
ENV_DIR = os.path.join(TESTS, "bin", "Debug", "net10.0", "kernel-env")
RUNNER = os.path.join(ROOT, "src", "GradientCourse.Runner", "bin", "Debug", "net10.0", "GradientCourse.Runner.dll")
DRIVER = os.path.join(TESTS, "run_jupyter.py")
NOTEBOOKS = os.path.join(ROOT, "notebooks")


def kernel_home():
    """The test's private HOME for the kernel (KernelEnvironment.HomeFolder): outside the repository, one per kernel-env."""
    digest = hashlib.sha256(ENV_DIR.encode("utf-8")).hexdigest()[:12]
    return os.path.join(tempfile.gettempdir(), "gradientcourse-kernel-home", digest)


def kernel_env(nuget=None, home=None):
    """The test's kernel environment; `nuget` and `home` replace its package folder and HOME (the kernel caches package
    resolutions under HOME, so a cold restore needs both fresh)."""
    env = dict(os.environ)
    env.update({
        "PATH": os.path.join(ENV_DIR, "tool") + os.pathsep + env.get("PATH", ""),
        "JUPYTER_PATH": os.path.join(ENV_DIR, "jupyter", "data"),
        "JUPYTER_DATA_DIR": os.path.join(ENV_DIR, "jupyter", "data"),
        "JUPYTER_RUNTIME_DIR": os.path.join(ENV_DIR, "jupyter", "runtime"),
        "JUPYTER_CONFIG_DIR": os.path.join(ENV_DIR, "jupyter", "config"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "NUGET_PACKAGES": nuget or os.path.join(ENV_DIR, "nuget"),
        "HOME": home or kernel_home(),
        "DOTNET_NOLOGO": "1",
        "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
        "DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT": "1",
    })
    return env


def run_runner(out):
    line = re.compile(r"^\s+\[(?P<nb>[^\]]+)\] cell \d+ \(id '(?P<id>[^']+)'\) \.\.\. (?P<s>[0-9.]+) s")
    start = time.perf_counter()
    proc = subprocess.run(["dotnet", RUNNER, "build", "--no-site", "--out", out], cwd=ROOT, capture_output=True, text=True)
    total = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("runner failed:\n" + proc.stdout[-4000:] + proc.stderr[-4000:])
    cells = {}
    for text in proc.stdout.splitlines():
        m = line.match(text)
        if m:
            cells.setdefault(m["nb"], []).append((m["id"], float(m["s"])))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return cells, total, peak_mb


def kernel_processes():
    """PIDs of dotnet-interactive kernels still alive (a previous notebook's kernel may take a moment to exit)."""
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        if b"interactive" in args and b"jupyter" in args:
            pids.append(int(pid))
    return pids


def wait_quiet(limit=30.0):
    """Waits until no kernel of an earlier notebook is alive, so that each notebook is measured on its own."""
    deadline = time.monotonic() + limit
    while kernel_processes() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)


def run_kernel(out, notebooks, env, pause=0.0):
    """Each notebook in a fresh kernel, one after the other, after the previous kernel has exited. pause > 0 waits that
    long before each cell (not counted in the cell's time): a learner reading and clicking, not "Run All"."""
    os.makedirs(out, exist_ok=True)
    env = dict(env, RUN_JUPYTER_PAUSE=str(pause))
    total = 0.0
    result = {}
    for path in notebooks:
        wait_quiet()
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/python3", DRIVER, ".net-csharp", "600", out, path], cwd=os.path.dirname(path), env=env,
                              capture_output=True, text=True)
        total += time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit("kernel run failed:\n" + proc.stdout[-4000:] + proc.stderr[-4000:])
        with open(os.path.join(out, os.path.basename(path)), encoding="utf-8") as f:
            nb = json.load(f)
        name = os.path.basename(path)[:-len(".ipynb")]
        cells = [(c["id"], c["metadata"]["gradientcourse"]["seconds"]) for c in nb["cells"] if c["cell_type"] == "code"]
        result[name] = {"cells": cells, "seconds": nb["metadata"]["gradientcourse"]["seconds"],
                        "peak_mb": nb["metadata"]["gradientcourse"].get("peak_mb")}
    return result, total


def one_cell_copy(folder, source, name, cell):
    """A copy of notebook `source` (its metadata: the same kernel) whose only cell is `cell`, written as folder/name.ipynb."""
    with open(source, encoding="utf-8") as f:
        nb = json.load(f)
    nb["cells"] = [cell]
    path = os.path.join(folder, name + ".ipynb")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(nb, f)
    return path


def setup_only(folder, source):
    """A copy of 00-welcome with only its setup cell."""
    with open(source, encoding="utf-8") as f:
        cell = next(c for c in json.load(f)["cells"] if c.get("id") == "setup")
    # The copy lives outside notebooks/: its #r "../src/…" paths are made absolute (same files, same load).
    text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = text.replace('#r "../', '#r "' + ROOT + "/")
    return one_cell_copy(folder, source, "setup-cell", cell)


def first_cell_only(folder, source):
    """A notebook whose only cell is `var a = 1;`: what the kernel's first submission costs whatever the cell does."""
    return one_cell_copy(folder, source, "first-cell", {"cell_type": "code", "execution_count": None, "id": "first",
                                                        "metadata": {}, "outputs": [], "source": "var a = 1;"})


def distribution(seconds):
    ordered = sorted(seconds)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return statistics.median(ordered), p90, sum(1 for s in ordered if s > 1.0), max(ordered)


def repeated(folder, notebook, times, env):
    """The first cell's time of a notebook run `times` times, each in a fresh kernel."""
    name = os.path.basename(notebook)[:-len(".ipynb")]
    return sorted(run_kernel(folder, [notebook], env)[0][name]["cells"][0][1] for _ in range(times))


def per_cell(kernel):
    return [(name, cell, seconds) for name in sorted(kernel) for cell, seconds in kernel[name]["cells"]]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=tempfile.mkdtemp(prefix="gc-kernel-perf-"))
    parser.add_argument("--pause", type=float, default=2.0, help="seconds before each cell in the second kernel pass")
    parser.add_argument("--repeat", type=int, default=5, help="fresh kernels for the setup-cell and first-cell figures")
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(ENV_DIR, "tool")):
        sys.exit("no kernel set up: run ./course.sh test --filter FullyQualifiedName~GradientCourse.Kernel.Tests first")
    notebooks = sorted(os.path.join(NOTEBOOKS, n) for n in os.listdir(NOTEBOOKS) if n.endswith(".ipynb"))
    load = os.getloadavg()

    runner_cells, runner_total, runner_peak = run_runner(os.path.join(args.out, "runner"))
    # Pass 1: every cell right after the previous one ("Run All"). Pass 2: a pause before each cell (reading, clicking).
    kernel, kernel_total = run_kernel(os.path.join(args.out, "kernel"), notebooks, kernel_env())
    paused, _ = run_kernel(os.path.join(args.out, "kernel-paused"), notebooks, kernel_env(), pause=args.pause)

    # Setup cell warm (packages in the NuGet folder) and the kernel's own first-submission cost, each in fresh kernels;
    # the setup cell cold (an empty NuGet folder: packages restored from the registry) once.
    single = os.path.join(args.out, "setup")
    os.makedirs(single, exist_ok=True)
    setup_nb = setup_only(single, os.path.join(NOTEBOOKS, "00-welcome.ipynb"))
    first_nb = first_cell_only(single, os.path.join(NOTEBOOKS, "00-welcome.ipynb"))
    warm = repeated(os.path.join(args.out, "setup-out"), setup_nb, args.repeat, kernel_env())
    floor = repeated(os.path.join(args.out, "setup-out"), first_nb, args.repeat, kernel_env())
    cold_nuget = tempfile.mkdtemp(prefix="gc-cold-nuget-")
    cold_home = tempfile.mkdtemp(prefix="gc-cold-home-")
    try:
        cold = repeated(os.path.join(args.out, "setup-out"), setup_nb, 1, kernel_env(cold_nuget, cold_home))[0]
    finally:
        shutil.rmtree(cold_nuget, ignore_errors=True)
        shutil.rmtree(cold_home, ignore_errors=True)

    print(f"Machine: {os.cpu_count()} cores, load average {load[0]:.1f} / {os.getloadavg()[0]:.1f} (start / end).\n")
    print("| notebook | runner (cells) | kernel, Run All (cells) | kernel, Run All (with start) | "
          f"kernel, {args.pause:g} s pause (cells) | kernel / runner | kernel peak memory |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    all_runner = []
    for name in sorted(kernel):
        r = sum(s for _, s in runner_cells.get(name, []))
        k = sum(s for _, s in kernel[name]["cells"])
        p = sum(s for _, s in paused[name]["cells"])
        all_runner += [s for _, s in runner_cells.get(name, [])]
        ratio = k / r if r > 0 else float("nan")
        print(f"| {name} | {r:.1f} s | {k:.1f} s | {kernel[name]['seconds']:.1f} s | {p:.1f} s | {ratio:.1f}× | "
              f"{kernel[name]['peak_mb'] or 0:.0f} MB |")
    print(f"| **all** | {sum(all_runner):.1f} s ({runner_total:.0f} s wall) | {sum(s for *_, s in per_cell(kernel)):.1f} s | "
          f"{kernel_total:.0f} s wall | {sum(s for *_, s in per_cell(paused)):.1f} s | | runner {runner_peak:.0f} MB |\n")
    print("| per cell | median | p90 | cells > 1 s | slowest |")
    print("|---|---:|---:|---:|---:|")
    for label, cells in [("kernel, Run All", per_cell(kernel)), (f"kernel, {args.pause:g} s pause before each cell", per_cell(paused))]:
        m, p90, n, x = distribution([s for *_, s in cells])
        print(f"| {label} | {m:.2f} s | {p90:.2f} s | {n} of {len(cells)} | {x:.2f} s |")
        m, p90, n, x = distribution([s for _, c, s in cells if c != "setup"])
        print(f"| {label}, setup cells excluded | {m:.2f} s | {p90:.2f} s | {n} of {sum(1 for _, c, _ in cells if c != 'setup')} | {x:.2f} s |")
    m, p90, n, x = distribution(all_runner)
    print(f"| runner | {m:.2f} s | {p90:.2f} s | {n} of {len(all_runner)} | {x:.2f} s |\n")
    fmt = lambda values: ", ".join(f"{v:.2f}" for v in values)
    print(f"Setup cell of 00-welcome, warm, {args.repeat} fresh kernels: median {statistics.median(warm):.2f} s ({fmt(warm)}); "
          f"cold (empty NuGet folder and HOME: packages restored from the registry): {cold:.1f} s.")
    print(f"The kernel's first submission alone (`var a = 1;` as the first cell), {args.repeat} fresh kernels: "
          f"median {statistics.median(floor):.2f} s ({fmt(floor)}).\n")
    paused_by_id = {(n, c): s for n, c, s in per_cell(paused)}
    runner_by_id = {(n, i): s for n, cells in runner_cells.items() for i, s in cells}
    print("Cells over 1 s in either kernel pass (setup cells excluded):\n")
    over = {(n, c) for n, c, s in per_cell(kernel) + per_cell(paused) if s > 1.0 and c != "setup"}
    all_ids = {(n, c): s for n, c, s in per_cell(kernel)}
    for name, cell in sorted(over, key=lambda k: -max(all_ids.get(k, 0), paused_by_id.get(k, 0))):
        print(f"- {name} `{cell}`: {all_ids.get((name, cell), float('nan')):.2f} s Run All, "
              f"{paused_by_id.get((name, cell), float('nan')):.2f} s with pauses, {runner_by_id.get((name, cell), float('nan')):.2f} s in the runner")
    if not over:
        print("- none")


if __name__ == "__main__":
    main()
