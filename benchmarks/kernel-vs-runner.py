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
  3. the setup cell of 00-welcome warm (packages in the NuGet folder: every later session) and cold (an empty NuGet
     folder: a learner's first session, packages restored from the registry).
Prints a Markdown report: per-notebook times, latency distribution (median, p90, cells > 1 s) and the slowest cells.
Not a test: numbers depend on the machine and its load; read `uptime` beside them.
"""
import argparse
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


def kernel_env(nuget=None):
    env = dict(os.environ)
    env.update({
        "PATH": os.path.join(ENV_DIR, "tool") + os.pathsep + env.get("PATH", ""),
        "JUPYTER_PATH": os.path.join(ENV_DIR, "jupyter", "data"),
        "JUPYTER_DATA_DIR": os.path.join(ENV_DIR, "jupyter", "data"),
        "JUPYTER_RUNTIME_DIR": os.path.join(ENV_DIR, "jupyter", "runtime"),
        "JUPYTER_CONFIG_DIR": os.path.join(ENV_DIR, "jupyter", "config"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "NUGET_PACKAGES": nuget or os.path.join(ENV_DIR, "nuget"),
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


def run_kernel(out, notebooks, env):
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/python3", DRIVER, ".net-csharp", "600", out] + notebooks, cwd=NOTEBOOKS, env=env,
                          capture_output=True, text=True)
    total = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("kernel run failed:\n" + proc.stdout[-4000:] + proc.stderr[-4000:])
    result = {}
    for path in notebooks:
        with open(os.path.join(out, os.path.basename(path)), encoding="utf-8") as f:
            nb = json.load(f)
        name = os.path.basename(path)[:-len(".ipynb")]
        cells = [(c["id"], c["metadata"]["gradientcourse"]["seconds"]) for c in nb["cells"] if c["cell_type"] == "code"]
        result[name] = {"cells": cells, "seconds": nb["metadata"]["gradientcourse"]["seconds"],
                        "peak_mb": nb["metadata"]["gradientcourse"].get("peak_mb")}
    return result, total


def setup_only(folder, source):
    """A copy of 00-welcome with only its setup cell."""
    with open(source, encoding="utf-8") as f:
        nb = json.load(f)
    nb["cells"] = [c for c in nb["cells"] if c.get("id") == "setup"]
    # The copy lives outside notebooks/: its #r "../src/…" paths are made absolute (same files, same load).
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["source"] = source.replace('#r "../', '#r "' + ROOT + "/")
    path = os.path.join(folder, os.path.basename(source))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(nb, f)
    return path


def distribution(seconds):
    ordered = sorted(seconds)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return statistics.median(ordered), p90, sum(1 for s in ordered if s > 1.0), max(ordered)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=tempfile.mkdtemp(prefix="gc-kernel-perf-"))
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(ENV_DIR, "tool")):
        sys.exit("no kernel set up: run ./course.sh test --filter FullyQualifiedName~GradientCourse.Kernel.Tests first")
    notebooks = sorted(os.path.join(NOTEBOOKS, n) for n in os.listdir(NOTEBOOKS) if n.endswith(".ipynb"))
    load = os.getloadavg()

    runner_cells, runner_total, runner_peak = run_runner(os.path.join(args.out, "runner"))
    os.makedirs(os.path.join(args.out, "kernel"), exist_ok=True)
    kernel, kernel_total = run_kernel(os.path.join(args.out, "kernel"), notebooks, kernel_env())

    # Setup cell, warm (packages in the NuGet folder) and cold (an empty NuGet folder), each in a fresh kernel.
    single = os.path.join(args.out, "setup")
    os.makedirs(single, exist_ok=True)
    setup_nb = setup_only(single, os.path.join(NOTEBOOKS, "00-welcome.ipynb"))
    warm, _ = run_kernel(os.path.join(args.out, "setup"), [setup_nb], kernel_env())
    cold_nuget = tempfile.mkdtemp(prefix="gc-cold-nuget-")
    try:
        cold, _ = run_kernel(os.path.join(args.out, "setup"), [setup_nb], kernel_env(cold_nuget))
    finally:
        shutil.rmtree(cold_nuget, ignore_errors=True)

    print(f"Machine: {os.cpu_count()} cores, load average {load[0]:.1f} / {os.getloadavg()[0]:.1f} (start / end).\n")
    print("| notebook | runner (cells) | kernel (cells) | kernel (with start) | kernel / runner | kernel peak memory |")
    print("|---|---:|---:|---:|---:|---:|")
    all_kernel, all_runner = [], []
    for name in sorted(kernel):
        r = sum(s for _, s in runner_cells.get(name, []))
        k = sum(s for _, s in kernel[name]["cells"])
        all_kernel += [(name, i, s) for i, s in kernel[name]["cells"]]
        all_runner += [s for _, s in runner_cells.get(name, [])]
        ratio = k / r if r > 0 else float("nan")
        print(f"| {name} | {r:.1f} s | {k:.1f} s | {kernel[name]['seconds']:.1f} s | {ratio:.1f}× | {kernel[name]['peak_mb'] or 0:.0f} MB |")
    print(f"| **all** | {sum(all_runner):.1f} s ({runner_total:.0f} s wall) | {sum(s for *_, s in all_kernel):.1f} s | "
          f"{kernel_total:.0f} s wall | | runner {runner_peak:.0f} MB |\n")
    km, kp, kn, kx = distribution([s for *_, s in all_kernel])
    rm, rp, rn, rx = distribution(all_runner)
    print("| per cell | median | p90 | cells > 1 s | slowest |")
    print("|---|---:|---:|---:|---:|")
    print(f"| kernel (through Jupyter) | {km:.2f} s | {kp:.2f} s | {kn} of {len(all_kernel)} | {kx:.2f} s |")
    print(f"| runner | {rm:.2f} s | {rp:.2f} s | {rn} of {len(all_runner)} | {rx:.2f} s |\n")
    w = warm[os.path.basename(setup_nb)[:-6]]["cells"][0][1]
    c = cold[os.path.basename(setup_nb)[:-6]]["cells"][0][1]
    print(f"Setup cell of 00-welcome on the kernel: warm {w:.1f} s, cold {c:.1f} s (empty NuGet folder).\n")
    print("Kernel cells over 1 s (setup cells excluded):\n")
    runner_by_id = {(n, i): s for n, cells in runner_cells.items() for i, s in cells}
    for name, cell, seconds in sorted(all_kernel, key=lambda x: -x[2]):
        if seconds > 1.0 and cell != "setup":
            print(f"- {name} `{cell}`: {seconds:.2f} s on the kernel, {runner_by_id.get((name, cell), float('nan')):.2f} s in the runner")


if __name__ == "__main__":
    main()
