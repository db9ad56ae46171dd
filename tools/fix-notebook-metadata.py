#!/usr/bin/python3
"""Cell metadata that works in both editor paths Idempotent; run from the repo root after
adding or editing notebooks:  /usr/bin/python3 tools/fix-notebook-metadata.py [FILES]  (default: notebooks/**/*.ipynb, the template included)

Why: VS Code's built-in ipynb deserializer takes a code cell's language from metadata.vscode.languageId verbatim and
only falls back to the notebook's language_info.name ("C#" -> "csharp") when that key is absent. "polyglot-notebook"
is a language only the Polyglot Notebooks extension registers, so with the Jupyter extension alone every cell opened
as an unknown language (no C# highlighting, and the .NET (C#) Jupyter kernel's controller declares "csharp").
Without the key, cells open as C# in the Jupyter-extension path, and the Polyglot extension still picks each cell's
kernel from metadata.polyglot_notebook.kernelName (and dotnet_interactive.language), which stay.

Changes per code cell: drops metadata.vscode.languageId (and metadata.vscode when it becomes empty); sets
metadata.dotnet_interactive.language = "csharp" and metadata.polyglot_notebook.kernelName = "csharp".
Per notebook: language_info.name stays "C#" (VS Code maps it to csharp). Writes only files that change, in the
course format json.dumps(nb, indent=1, ensure_ascii=False) + "\n"; keeps ids, outputs, everything else.
"""
import glob
import json
import sys


def fix(nb):
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        meta = cell.setdefault("metadata", {})
        vscode = meta.get("vscode")
        if isinstance(vscode, dict):
            vscode.pop("languageId", None)
            if not vscode:
                del meta["vscode"]
        meta.setdefault("dotnet_interactive", {})["language"] = "csharp"
        meta.setdefault("polyglot_notebook", {})["kernelName"] = "csharp"
    info = nb.setdefault("metadata", {}).setdefault("language_info", {})
    info.setdefault("name", "C#")
    return nb


def main(paths):
    changed = 0
    for path in paths or sorted(glob.glob("notebooks/**/*.ipynb", recursive=True)):
        with open(path, encoding="utf-8") as f:
            before = f.read()
        after = json.dumps(fix(json.loads(before)), indent=1, ensure_ascii=False) + "\n"
        if after != before:
            with open(path, "w", encoding="utf-8") as f:
                f.write(after)
            changed += 1
            print("updated", path)
    print(f"kernel-metadata: {changed} notebook(s) changed")


if __name__ == "__main__":
    main(sys.argv[1:])
