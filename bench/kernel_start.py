"""Times a Jupyter kernel from start to its first output. Used by bench/kernel.ts.
    python3 bench/kernel_start.py KERNEL_NAME "CODE" REPS
Prints one JSON line: {"seconds": [...], "output": "<first output text>"}.
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

name, code, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
seconds = []
first = ""
for _ in range(reps):
    t0 = time.monotonic()
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    try:
        msg_id = kc.execute(code)
        while True:
            msg = kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind in ("stream", "execute_result", "display_data", "error"):
                seconds.append(time.monotonic() - t0)
                content = msg["content"]
                first = content.get("text") or content.get("data", {}).get("text/plain", "") or content.get("evalue", "")
                break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
print(json.dumps({"seconds": seconds, "output": first}))
