"""Sends cells to a real Jupyter kernel and prints what each produced, as one JSON document on stdout.

Used by test/notebooks/kernelCells.ts with the Python that runs Jupyter (jupyter_client):
    python3 test/notebooks/kernel_cells.py < request.json
The request: {"kernel": "quantlab", "cwd": "...", "timeout": 120, "batches": [["cell", ...], ...]}.
The cells of one batch are sent back to back without waiting, as Jupyter's "Run All" does; the next batch
is sent the moment the last reply of the previous one arrives, as a quick user or a script would.
Each cell gives {"source", "status": "ok"|"error"|"abort", "stdout", "stderr", "results": [text/plain],
"resultData": [{mime: data}], "resultCounts": [execution_count], "displays": [{mime: data}], "errors": ["ename: evalue"], "seconds"}.
"""
import json
import os
import sys
import time

from jupyter_client.manager import KernelManager


def collect(client, msg_ids, timeout):
    """Reads iopub until every request in msg_ids has gone idle; returns outputs by request id."""
    outputs = {m: {"stdout": "", "stderr": "", "results": [], "resultData": [], "resultCounts": [], "displays": [], "errors": []} for m in msg_ids}
    idle = set()
    deadline = time.monotonic() + timeout
    while idle != set(msg_ids):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no idle status within {timeout} s for {len(set(msg_ids) - idle)} cell(s)")
        msg = client.get_iopub_msg(timeout=left)
        parent = msg.get("parent_header", {}).get("msg_id")
        if parent not in outputs:
            continue
        kind, content, out = msg["msg_type"], msg["content"], outputs[parent]
        if kind == "stream":
            out[content["name"]] += content["text"]
        elif kind == "execute_result":
            out["results"].append(content["data"].get("text/plain", ""))
            out["resultData"].append(content["data"])
            out["resultCounts"].append(content.get("execution_count"))
        elif kind == "display_data":
            out["displays"].append(content["data"])
        elif kind == "error":
            out["errors"].append(f"{content.get('ename', '')}: {content.get('evalue', '')}")
        elif kind == "status" and content["execution_state"] == "idle":
            idle.add(parent)
    return outputs


def main():
    request = json.load(sys.stdin)
    # The kernel inherits this process's stdout: its own prints go to stderr, the answer to the saved stdout.
    answer = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    timeout = request.get("timeout", 120)
    km = KernelManager(kernel_name=request.get("kernel", "quantlab"))
    km.start_kernel(cwd=request.get("cwd"))
    client = km.client()
    client.start_channels()
    cells = []
    try:
        client.wait_for_ready(timeout=timeout)
        for batch in request["batches"]:
            started = time.monotonic()
            ids = [client.execute(source, store_history=True, stop_on_error=True) for source in batch]
            replies = {}
            while len(replies) < len(ids):
                reply = client.get_shell_msg(timeout=timeout)
                parent = reply.get("parent_header", {}).get("msg_id")
                if parent in ids:
                    replies[parent] = reply["content"].get("status", "ok")
            outputs = collect(client, ids, timeout)
            seconds = round(time.monotonic() - started, 3)
            for source, msg_id in zip(batch, ids):
                cells.append({"source": source, "status": replies[msg_id], "seconds": seconds, **outputs[msg_id]})
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)
    json.dump({"cells": cells}, answer)
    answer.close()


if __name__ == "__main__":
    main()
