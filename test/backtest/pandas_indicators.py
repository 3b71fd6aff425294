"""
quantlab's backtest indicators written as pandas expressions: the definitions lib/backtest/indicators
must reproduce bit for bit. A plugin of test/oracle/pandas_oracle.py (OPS, called by name).
"""
import numpy as np
import pandas as pd


def seeded_ewm(x, period, **ewm):
    """NaN before the first full window, its rolling mean there, then ewm(adjust=False) over the values."""
    mean = x.rolling(period).mean()
    seed_at = mean.first_valid_index()
    s = pd.Series(np.nan, index=x.index)
    if seed_at is None:
        return s
    s.iloc[seed_at:] = x.iloc[seed_at:]
    s.iloc[seed_at] = mean.iloc[seed_at]
    return s.ewm(**ewm, adjust=False).mean()


def true_range(h, l, c):
    prev = c.shift()
    tr = pd.concat([h - l, (h - prev).abs(), (l - prev).abs()], axis=1).max(axis=1, skipna=False)
    tr.iloc[:1] = (h - l).iloc[:1]
    return tr


def rsi(x, n):
    d = x.diff()
    gain = seeded_ewm(d.clip(lower=0), n, alpha=1 / n)
    loss = seeded_ewm(d.clip(upper=0).abs(), n, alpha=1 / n)
    out = 100 - 100 / (1 + gain / loss)
    return out.mask((gain == 0) & (loss == 0), 50.0)  # quantlab's convention where pandas gives 0 / 0


def atr(h, l, c, n):
    tr = true_range(h, l, c)
    tr.iloc[:1] = np.nan
    return seeded_ewm(tr, n, alpha=1 / n)


def bollinger(x, period, k, ddof):
    m = x.rolling(period).mean()
    sd = x.rolling(period).std(ddof=ddof)
    return {"upper": m + k * sd, "middle": m, "lower": m - k * sd}


OPS = {
    "backtest.sma": lambda s, p: s["x"].rolling(p["period"]).mean(),
    "backtest.ema": lambda s, p: seeded_ewm(s["x"], p["period"], span=p["period"]),
    "backtest.rsi": lambda s, p: rsi(s["x"], p["period"]),
    "backtest.true_range": lambda s, p: true_range(s["high"], s["low"], s["close"]),
    "backtest.atr": lambda s, p: atr(s["high"], s["low"], s["close"], p["period"]),
    "backtest.bollinger": lambda s, p: bollinger(s["x"], p["period"], p["k"], p["ddof"]),
}
