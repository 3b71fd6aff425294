"""Executes one notebook with the quantlab kernel and reports each cell as a JSON line on stdout.

Run by kernel/runNotebook.ts with the Python that runs Jupyter (not meant to be called by hand):
    python3 kernel/execute_notebook.py IN.ipynb --kernel quantlab --timeout 600
        [--out-notebook OUT.ipynb] [--out-html OUT.html] [--no-input]

Why not `jupyter nbconvert --execute`: a tslab cell that fails reports only "<Error>" to nbconvert;
the real message is in the cell's stderr output. Executing through nbclient with a hook on each cell
gives the failing cell, its source and its stderr, and the notebook is still written for inspection.
Lines on stdout: {"event": "start", "cells": n}, {"event": "cell", "index": i, "status": "ok"|"error",
"seconds": s}, {"event": "done", "ok": bool, "error": {...} | null}. The HTML page's title is the
notebook's title: its metadata title, else its first markdown heading.
"""
import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def cell_text(cell, key):
    value = cell.get(key, "")
    return "".join(value) if isinstance(value, list) else value


def failure(cell, index, reply=None, message=None):
    """The failing cell's own words: its stderr stream and error outputs, else the reply's evalue."""
    stderr = "".join(cell_text(o, "text") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr")
    errors = [f"{o.get('ename', '')}: {o.get('evalue', '')}".strip(": ") for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    content = (reply or {}).get("content", {}) if isinstance(reply, dict) else {}
    evalue = content.get("evalue") or ""
    text = stderr.strip() or "\n".join(e for e in errors if e) or evalue or message or "the cell failed without a message"
    prompt = content.get("execution_count", cell.get("execution_count"))
    return {"cell": index, "executionCount": prompt if isinstance(prompt, int) else None, "source": cell_text(cell, "source"), "message": text}


def notebook_title(nb, path):
    """The report's title: the notebook's metadata title, else its first markdown heading, else its file name."""
    title = nb.metadata.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell_text(cell, "source").splitlines():
            stripped = line.strip()
            if stripped.startswith("#"):
                heading = stripped.lstrip("#").strip().replace("`", "").replace("**", "")
                if heading:
                    return heading
    return os.path.splitext(os.path.basename(path))[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("--kernel", default="quantlab")
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--out-notebook")
    parser.add_argument("--out-html")
    parser.add_argument("--no-input", action="store_true")
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    emit(event="start", cells=len(code_cells))
    started = {}
    state = {"error": None}

    def on_start(cell, cell_index):
        started[cell_index] = time.monotonic()

    def on_executed(cell, cell_index, execute_reply):
        status = execute_reply.get("content", {}).get("status", "ok")
        seconds = round(time.monotonic() - started.get(cell_index, time.monotonic()), 3)
        emit(event="cell", index=cell_index, of=len(nb.cells), status=status, seconds=seconds)
        if status != "ok" and state["error"] is None:
            state["error"] = failure(cell, cell_index, execute_reply)

    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        allow_errors=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
        on_cell_start=on_start,
        on_cell_executed=on_executed,
    )
    try:
        client.execute()
    except CellTimeoutError as e:
        state["error"] = state["error"] or {"cell": None, "executionCount": None, "source": "", "message": f"a cell ran longer than {args.timeout} s: {e}"}
    except DeadKernelError as e:
        state["error"] = state["error"] or {"cell": None, "executionCount": None, "source": "", "message": f"the kernel died: {e}"}
    except CellExecutionError as e:
        state["error"] = state["error"] or {"cell": None, "executionCount": None, "source": "", "message": str(e)}

    if args.out_notebook:
        nbformat.write(nb, args.out_notebook)
    if args.out_html and state["error"] is None:
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(template_name="lab")
        exporter.exclude_input = args.no_input
        exporter.exclude_input_prompt = args.no_input
        exporter.exclude_output_prompt = args.no_input
        # The page's <title>: nbconvert takes the notebook's metadata title, else resources' name ("Notebook").
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook_title(nb, args.notebook)}})
        with open(args.out_html, "w", encoding="utf-8") as f:
            f.write(body)
    emit(event="done", ok=state["error"] is None, error=state["error"])
    return 0 if state["error"] is None else 1


if __name__ == "__main__":
    sys.exit(main())
