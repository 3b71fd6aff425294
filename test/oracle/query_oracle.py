"""pandas as the oracle of quantlab's queries (test/oracle/queryOracle.ts starts this script).

Reads one JSON request per line from stdin and writes one JSON answer per line to stdout:
  request  {"op": "groupby" | "asof" | "resample", "input": {...}}
  answer   {"ok": true, "result": {"columns": [{"name", "type", "values"}]}} or {"ok": false, "error": "..."}
A column is {"name", "type": "float" | "int" | "string" | "bool" | "timestamp", "values"}. Floats travel
as the 16 hex digits of their IEEE-754 bits (so no digit is lost and NaN is a value) and null as null;
timestamps as epoch milliseconds. Run under Debian's /usr/bin/python3 with its pandas 1.5.
"""
import json
import struct
import sys

import numpy as np
import pandas as pd


def float_of(bits):
    return struct.unpack(">d", bytes.fromhex(bits))[0]


def bits_of(value):
    return struct.pack(">d", float(value)).hex()


def series_of(column):
    kind, values = column["type"], column["values"]
    if kind == "float":
        # pandas has one missing value for floats: null becomes NaN (NaN values are missing too).
        return pd.Series([np.nan if v is None else float_of(v) for v in values], dtype="float64")
    if kind == "int":
        return pd.Series(values, dtype="Int64")
    if kind == "bool":
        return pd.Series(values, dtype="boolean")
    if kind == "timestamp":
        return pd.Series(pd.to_datetime(values, unit="ms"))
    return pd.Series(values, dtype="object")


def frame_of(columns):
    return pd.DataFrame({c["name"]: series_of(c) for c in columns})


def column_of(name, series):
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return {"name": name, "type": "timestamp", "values": [None if pd.isna(v) else int(v.value // 1_000_000) for v in series]}
    if pd.api.types.is_bool_dtype(dtype):
        return {"name": name, "type": "bool", "values": [None if pd.isna(v) else bool(v) for v in series]}
    if pd.api.types.is_integer_dtype(dtype):
        return {"name": name, "type": "int", "values": [None if pd.isna(v) else int(v) for v in series]}
    if pd.api.types.is_float_dtype(dtype):
        return {"name": name, "type": "float", "values": [None if v is pd.NA else bits_of(v) for v in series]}
    return {"name": name, "type": "string", "values": [None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v for v in series]}


def groupby(spec):
    df = frame_of(spec["columns"])
    named = {a["output"]: pd.NamedAgg(column=a["column"], aggfunc=a["agg"]) for a in spec["aggs"]}
    out = df.groupby(spec["keys"], sort=True, dropna=False).agg(**named).reset_index()
    return [column_of(name, out[name]) for name in out.columns]


def asof(spec):
    left, right = frame_of(spec["left"]), frame_of(spec["right"])
    tolerance = spec.get("tolerance")
    on_type = next(c["type"] for c in spec["left"] if c["name"] == spec["on"])
    if tolerance is not None and on_type == "timestamp":
        tolerance = pd.Timedelta(milliseconds=tolerance)
    out = pd.merge_asof(
        left,
        right,
        on=spec["on"],
        by=spec.get("by") or None,
        direction=spec["direction"],
        tolerance=tolerance,
        allow_exact_matches=spec["allowExactMatches"],
    )
    return [column_of(name, out[name]) for name in out.columns]


def resample(spec):
    """df.resample(rule, closed, label, origin, offset) over a "timestamp" column (in `timezone` when given).

    `origin` is a pandas name or epoch milliseconds (made tz-aware in `timezone`); `offset` milliseconds.
    With "keepEmpty" false, buckets holding no row are dropped from pandas' answer; with "trimEmpty", only
    those before the first and after the last bucket holding rows are. The labels come back as epoch
    milliseconds.
    """
    df = frame_of(spec["columns"])
    index = pd.DatetimeIndex(df.pop("timestamp"))
    tz = spec.get("timezone")
    if tz:
        index = index.tz_localize("UTC").tz_convert(tz)
    df.index = index
    origin = spec.get("origin", "start_day")
    if isinstance(origin, (int, float)):
        origin = pd.Timestamp(origin, unit="ms", tz="UTC")
        origin = origin.tz_convert(tz) if tz else origin.tz_localize(None)
    offset = spec.get("offset")
    kwargs = {"origin": origin}
    for name in ("closed", "label"):
        if spec.get(name) is not None:
            kwargs[name] = spec[name]
    if offset is not None:
        kwargs["offset"] = pd.Timedelta(milliseconds=offset)
    sampler = df.resample(spec["rule"], **kwargs)
    named = {a["output"]: pd.NamedAgg(column=a["column"], aggfunc=a["agg"]) for a in spec["aggs"]}
    out = sampler.agg(**named)
    sizes = sampler.size()
    held = sizes.reindex(out.index).fillna(0).to_numpy() > 0
    if not spec.get("keepEmpty"):
        out = out[held]
    elif spec.get("trimEmpty") and held.any():
        first, last = held.argmax(), len(held) - 1 - held[::-1].argmax()
        out = out.iloc[first : last + 1]
    labels = out.index.tz_convert("UTC").tz_localize(None) if out.index.tz is not None else out.index
    columns = [column_of("timestamp", pd.Series(labels))]
    return columns + [column_of(name, out[name]) for name in out.columns]


OPERATIONS = {"groupby": groupby, "asof": asof, "resample": resample}


def main():
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = {"ok": True, "result": {"columns": OPERATIONS[request["op"]](request["input"])}}
        except Exception as error:  # the test reports pandas' own error
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
