"""
pandas as a test oracle: a long-lived process that answers one JSON request per line on stdin with
one JSON reply per line on stdout. Run with Debian's python3 (pandas 1.5): /usr/bin/python3.

Request:  {"op": "<name>", "series": {"x": ["<16 hex digits>", ...], ...}, "params": {...}}
Reply:    {"ok": true, "result": {"<name>": ["<16 hex digits>", ...], ...}}
          {"ok": false, "error": "<message>"}

Floats travel as the 16 hex digits of their IEEE 754 float64 bits (big-endian), so every bit,
NaN, -0.0 and infinities included, arrives as it was sent.

Generic operations are defined below ("rolling.mean", "rolling.std", ...). An area adds its own by
passing Python files on the command line, each defining OPS = {"<area>.<name>": function}, where the
function takes (series: dict[str, pd.Series], params: dict) and returns a pd.Series, an ndarray or a
dict of them.
"""
import json
import runpy
import struct
import sys

import numpy as np
import pandas as pd


def decode(values):
    return pd.Series(np.array([struct.unpack(">d", bytes.fromhex(h))[0] for h in values], dtype=np.float64))


def encode(values):
    return [struct.pack(">d", v).hex() for v in np.asarray(values, dtype=np.float64).tolist()]


def rolling(s, p):
    return s.rolling(int(p["window"]), min_periods=p.get("min_periods"))


def ewm(s, p):
    keys = ("com", "span", "halflife", "alpha")
    return s.ewm(**{k: p[k] for k in keys if k in p}, adjust=p.get("adjust", True), ignore_na=p.get("ignore_na", False))


OPS = {
    # pandas' rolling windows over series "x": window, min_periods (default: window), ddof (var/std)
    "rolling.mean": lambda s, p: rolling(s["x"], p).mean(),
    "rolling.sum": lambda s, p: rolling(s["x"], p).sum(),
    "rolling.var": lambda s, p: rolling(s["x"], p).var(ddof=p.get("ddof", 1)),
    "rolling.std": lambda s, p: rolling(s["x"], p).std(ddof=p.get("ddof", 1)),
    "rolling.min": lambda s, p: rolling(s["x"], p).min(),
    "rolling.max": lambda s, p: rolling(s["x"], p).max(),
    # pandas' exponentially weighted mean of "x": one of com/span/halflife/alpha, adjust, ignore_na
    "ewm.mean": lambda s, p: ewm(s["x"], p).mean(),
    # Series.diff / pct_change of "x"
    "diff": lambda s, p: s["x"].diff(int(p.get("periods", 1))),
    "pct_change": lambda s, p: s["x"].pct_change(int(p.get("periods", 1))),
    # "x" back as it arrived (checks the transport)
    "identity": lambda s, p: s["x"],
}


def answer(request):
    op = OPS.get(request.get("op"))
    if op is None:
        return {"ok": False, "error": f"unknown op {request.get('op')!r}; known: {sorted(OPS)}"}
    series = {name: decode(values) for name, values in request.get("series", {}).items()}
    out = op(series, request.get("params", {}))
    if not isinstance(out, dict):
        out = {"value": out}
    return {"ok": True, "result": {name: encode(values) for name, values in out.items()}}


def main():
    for path in sys.argv[1:]:
        OPS.update(runpy.run_path(path)["OPS"])
    print(json.dumps({"ready": True, "pandas": pd.__version__}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = answer(json.loads(line))
        except Exception as error:  # the reply names the failure; the oracle keeps serving
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
