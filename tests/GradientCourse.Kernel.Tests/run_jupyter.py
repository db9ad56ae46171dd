"""Runs notebooks through Jupyter on the .NET Interactive kernel, as the Jupyter extension does.

Usage: /usr/bin/python3 run_jupyter.py KERNEL_NAME CELL_TIMEOUT_S OUT_DIR NOTEBOOK...
Each notebook is executed with nbclient (cwd = the notebook's folder) and written to OUT_DIR with its outputs;
per cell, the wall time is added as metadata "gradientcourse": {"seconds": ...}; per notebook, the time and the peak
memory of the kernel's processes ("peak_mb": the sum of VmHWM over the kernel process and its descendants). RUN_JUPYTER_PAUSE=S
waits S seconds before each code cell (not counted). The environment (JUPYTER_PATH,
JUPYTER_DATA_DIR, PATH with the dotnet-interactive tool, NUGET_PACKAGES) is set by the caller.
Exit code 0 when every notebook ran to the end, 1 otherwise (the error is printed and the partial copy written).
"""
import asyncio
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def peak_kb(pid):
    """VmHWM of a process and its descendants, summed (kB); 0 where /proc cannot tell."""
    total = 0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                total += sum(peak_kb(int(child)) for child in f.read().split())
    except (OSError, ValueError):
        pass
    return total


class TimedClient(NotebookClient):
    """Records each cell's wall time (what a learner waits for) in the cell's metadata, and the kernel's peak memory."""

    peak = 0
    # Seconds to wait before each cell, not counted in its time (benchmarks/kernel-vs-runner.py: a learner reading).
    pause = float(os.environ.get("RUN_JUPYTER_PAUSE", "0") or 0)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if self.pause > 0 and cell.get("cell_type") == "code":
            await asyncio.sleep(self.pause)
        start = time.perf_counter()
        try:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        finally:
            cell.setdefault("metadata", {})["gradientcourse"] = {"seconds": round(time.perf_counter() - start, 3)}
            process = getattr(getattr(self.km, "provisioner", None), "process", None)
            if process is not None:
                self.peak = max(self.peak, peak_kb(process.pid))


def main():
    kernel_name, timeout, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    failed = False
    for path in sys.argv[4:]:
        nb = nbformat.read(path, as_version=4)
        client = TimedClient(nb, kernel_name=kernel_name, timeout=timeout, startup_timeout=180,
                             resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        start = time.perf_counter()
        try:
            client.execute()
        except CellExecutionError as error:
            failed = True
            print(f"FAILED {os.path.basename(path)}: {str(error)[:4000]}", flush=True)
        except Exception as error:  # a timeout or a dead kernel: say which notebook
            failed = True
            print(f"FAILED {os.path.basename(path)}: {type(error).__name__}: {str(error)[:4000]}", flush=True)
        nb.metadata["gradientcourse"] = {"seconds": round(time.perf_counter() - start, 3), "peak_mb": round(client.peak / 1024)}
        nbformat.write(nb, os.path.join(out_dir, os.path.basename(path)))
        print(f"ran {os.path.basename(path)} in {time.perf_counter() - start:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
