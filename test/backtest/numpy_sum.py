"""numpy's float64 sum, as the oracle of test/backtest/numpySum.oracle.test.ts: reads a JSON list of arrays of
float reprs on stdin, prints the repr of np.sum of each."""
import json
import sys

import numpy as np

arrays = json.load(sys.stdin)
print(json.dumps([repr(float(np.sum(np.array([float(v) for v in a], dtype=np.float64)))) for a in arrays]))
