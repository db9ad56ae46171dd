#!/usr/bin/env python3
"""Copies executed notebooks for reading on GitHub: GitHub's notebook viewer drops text/html that carries scripts,
so a chart output keeps only its image/png rendering and its one-line text/plain description.

usage: github_view.py EXECUTED_DIR OUT_DIR
"""
import json
import pathlib
import sys


def main(source: str, target: str) -> int:
    src, out = pathlib.Path(source), pathlib.Path(target)
    out.mkdir(parents=True, exist_ok=True)
    notebooks = sorted(src.glob("*.ipynb"))
    if not notebooks:
        print(f"no executed notebooks in {src}: run ./course.sh build first", file=sys.stderr)
        return 2
    charts = 0
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data and "text/html" in data:
                    del data["text/html"]
                    charts += 1
        (out / path.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(notebooks)} notebooks, {charts} charts as images -> {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
