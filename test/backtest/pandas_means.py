"""pandas' sums, means and variances of float64 Series, as the oracle of test/backtest/means.pandas.test.ts.
Reads a JSON list of arrays of float reprs ("NaN" for a missing value) on stdin; prints, per array, the
reprs of Series.sum(), Series.mean(), Series.var(ddof=1), Series.var(ddof=0) and backtesting.py's
geometric mean (NaN counted as a 0 % return; exp of the mean log of 1 + r, less 1; 0 when some 1 + r <= 0)."""
import json
import sys

import numpy as np
import pandas as pd


def geometric_mean(returns):
    growth = returns.fillna(0) + 1
    if np.any(growth <= 0):
        return 0.0
    return float(np.exp(np.log(growth).sum() / (len(growth) or np.nan)) - 1)


out = []
for values in json.load(sys.stdin):
    s = pd.Series([float(v) for v in values], dtype=np.float64)
    out.append([repr(float(x)) for x in (s.sum(), s.mean(), s.var(ddof=1), s.var(ddof=0), geometric_mean(s))])
print(json.dumps(out))
