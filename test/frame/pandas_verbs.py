"""
Operations of lib/frame's Table verbs for the pandas oracle (test/oracle/pandas_oracle.py): each takes
the series "x" (float64, NaN and infinities as sent) and returns what pandas 1.5 computes.
"""
import numpy as np
import pandas as pd


def rolling(s, p):
    return s.rolling(int(p["window"]), min_periods=p.get("min_periods"))


def ewm_mean(s, p):
    keys = ("com", "span", "alpha")
    return s.ewm(**{k: p[k] for k in keys if k in p}, adjust=p.get("adjust", True), ignore_na=p.get("ignore_na", False), min_periods=p.get("min_periods", 0)).mean()


OPS = {
    "frame.rolling.mean": lambda s, p: rolling(s["x"], p).mean(),
    "frame.rolling.sum": lambda s, p: rolling(s["x"], p).sum(),
    "frame.rolling.std": lambda s, p: rolling(s["x"], p).std(ddof=p.get("ddof", 1)),
    "frame.rolling.var": lambda s, p: rolling(s["x"], p).var(ddof=p.get("ddof", 1)),
    "frame.rolling.min": lambda s, p: rolling(s["x"], p).min(),
    "frame.rolling.max": lambda s, p: rolling(s["x"], p).max(),
    # a statistic through apply: the range of the window's finite values (NaN when none)
    "frame.rolling.apply_range": lambda s, p: rolling(s["x"], p).apply(lambda w: np.nanmax(w) - np.nanmin(w) if np.isfinite(w).any() else np.nan, raw=True),
    "frame.ewm.mean": lambda s, p: ewm_mean(s["x"], p),
    "frame.shift": lambda s, p: s["x"].shift(int(p.get("periods", 1))),
    "frame.diff": lambda s, p: s["x"].diff(int(p.get("periods", 1))),
    "frame.pct_change": lambda s, p: s["x"].pct_change(int(p.get("periods", 1)), fill_method=p.get("fill_method", "pad"), limit=p.get("limit")),
    "frame.log_returns": lambda s, p: np.log(s["x"] / s["x"].shift(int(p.get("periods", 1)))),
    "frame.cumsum": lambda s, p: s["x"].cumsum(),
    "frame.cumprod": lambda s, p: s["x"].cumprod(),
    "frame.ffill": lambda s, p: s["x"].ffill(limit=p.get("limit")),
    "frame.describe": lambda s, p: pd.Series(s["x"].describe(percentiles=p.get("percentiles")).to_numpy(dtype=np.float64)),
}
