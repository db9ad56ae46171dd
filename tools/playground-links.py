#!/usr/bin/python3
"""Adds "open this experiment in the Gradient Playground" markdown cells to the course notebooks (issue 16).

Idempotent: every link cell has a fixed id `playground-NN-k`; the script removes existing link cells with those ids
and inserts them again right after the code cell of the experiment they reproduce (located by its cell id). Run it
from anywhere, as often as needed (e.g. after merging other branches' notebook edits):

    /usr/bin/python3 tools/playground-links.py [REPO]     # REPO defaults to the current git worktree

Format: json.dumps(nb, indent=1, ensure_ascii=False) + "\n"; other cells are untouched. A target cell that is
missing is reported and its link skipped (exit code 1), never guessed.
"""
import csv
import datetime
import json
import math
import os
import subprocess
import sys

SERVE = "`dotnet run --project src/GradientCourse.Runner -- serve` serves the built site at http://127.0.0.1:5170/"


def electricity_steps(repo, batch, epochs):
    """Steps of Trainer.Train over notebook 09's training split (every fourth week is validation)."""
    with open(os.path.join(repo, "data", "electricity.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    train = sum(1 for r in rows
                if (datetime.datetime.fromisoformat(r["timestamp"]).timetuple().tm_yday - 1) // 7 % 4 != 3)
    return epochs * math.ceil(train / batch)


def links(repo):
    """(notebook, after cell id, link cell id, hash, what it shows)."""
    return [
        ("03-vanishing-gradients.ipynb", "code-10", "playground-03-1",
         "data=regression&depth=19&width=16&act=sigmoid&init=glorot_uniform&bn=0&clip=none&opt=sgd&lr=0.1&batch=32&seed=0&speed=5&until=100",
         "the same 20-layer sigmoid network, the same data, seed and 100 steps: watch layer 1's gradient fade "
         "in the heatmap while the loss barely moves. Switch the activation to relu and the initializer to he_normal, "
         "press reset and play again."),
        ("03-vanishing-gradients.ipynb", "code-21", "playground-03-2",
         "data=regression&depth=19&width=16&act=tanh&init=glorot_uniform&bn=0&clip=none&opt=sgd&lr=0.1&batch=32&seed=0&speed=5&until=100",
         "the tanh run: the same network with tanh, 100 steps; compare the gradient-norm bars with the sigmoid run."),
        ("04-exploding-gradients.ipynb", "code-10", "playground-04-1",
         "data=regression&depth=9&width=32&act=relu&init=he_normal&bn=0&clip=none&opt=sgd&lr=1&batch=32&seed=0&speed=1&until=96",
         "a blow-up of the same 9 × 32 ReLU network (the playground offers the Keras initializers, so here He weights "
         "and a learning rate of 1 make it explode). Read the divergence report (step, layer, quantity), then set "
         "clipping to norm 1, reset and play."),
        ("05-initialization.ipynb", "code-04", "playground-05-1",
         "data=moons&depth=2&width=4&act=tanh&init=zeros&bn=0&clip=none&opt=sgd&lr=0.5&batch=32&seed=0&speed=5&until=200",
         "two moons with a 2 × 4 tanh network and zero weights (the playground's moons: 300 points, noise 0.15): the "
         "boundary never bends. Switch the initializer to glorot_uniform, reset and play."),
        ("06-relu-family.ipynb", "code-33", "playground-06-1",
         "data=regression&depth=19&width=32&act=relu&init=he_normal&bn=0&clip=none&opt=sgd&lr=0.03&batch=32&seed=0&speed=5&until=100",
         "the same 20-layer ReLU + He network at learning rate 0.03, 100 steps; try leaky_relu, elu, selu "
         "(with lecun_normal) or gelu, and watch the dead-unit percentages in the histograms."),
        ("07-batch-normalization.ipynb", "code-14", "playground-07-1",
         "data=regression&depth=19&width=32&act=sigmoid&init=glorot_uniform&bn=1&clip=none&opt=sgd&lr=0.1&batch=32&seed=0&speed=5&until=100",
         "the same 20-layer sigmoid network with batch norm, 100 steps; untick batch norm, reset and play to see it "
         "vanish again."),
        ("09-case-study-electricity.ipynb", "code-18", "playground-09-1",
         "data=electricity&depth=10&width=16&act=sigmoid&init=glorot_uniform&bn=0&clip=none&opt=momentum&lr=0.02&batch=64&seed=0&speed=10"
         f"&until={electricity_steps(repo, 64, 2)}",
         "the deep sigmoid network on the same training weeks, the same momentum SGD and two epochs; then try relu + "
         "he_normal, and batch norm."),
    ]


def cell(link_id, hash_, text):
    source = (
        f"**Open this experiment in the [Gradient Playground](playground/index.html#{hash_})**: {text}\n"
        "\n"
        f"*(The link works in the course site. From an editor: {SERVE}; open its `playground/` page with the "
        "part of the link after `#`.)*"
    )
    lines = source.split("\n")
    return {
        "cell_type": "markdown",
        "id": link_id,
        "metadata": {},
        "source": [line + "\n" for line in lines[:-1]] + [lines[-1]],
    }


def main():
    if len(sys.argv) > 1:
        repo = sys.argv[1]
    else:
        repo = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True).stdout.strip()
    missing = 0
    by_notebook = {}
    for entry in links(repo):
        by_notebook.setdefault(entry[0], []).append(entry)
    for name, entries in by_notebook.items():
        path = os.path.join(repo, "notebooks", name)
        with open(path, encoding="utf-8") as f:
            original = f.read()
        nb = json.loads(original)
        ids = {e[2] for e in entries}
        nb["cells"] = [c for c in nb["cells"] if c.get("id") not in ids]
        for _, after, link_id, hash_, text in entries:
            index = next((i for i, c in enumerate(nb["cells"]) if c.get("id") == after), None)
            if index is None or nb["cells"][index]["cell_type"] != "code":
                print(f"{name}: no code cell '{after}': link {link_id} skipped", file=sys.stderr)
                missing += 1
                continue
            nb["cells"].insert(index + 1, cell(link_id, hash_, text))
        text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
        if text != original:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"{name}: {len(entries)} playground link(s) written")
        else:
            print(f"{name}: up to date")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
