#!/usr/bin/env python3
"""Example job: synthetic OHLCV bars written as JSON lines to $QUANTLAB_OUTPUT (standard library only).

Writes the daily bars of the --days days (default 30) before the run's scheduled time: a seeded
geometric random walk (the same --seed and window give the same bars), each bar's open the previous
close, high/low from four sub-steps so every bar is OHLC-consistent. Meant for mode "update".
When QUANTLAB_OUTPUT is not set (run by hand) the lines go to stdout.

Arguments: --days N (default 30), --seed N (default 7), --start-price P (default 50).
Environment: QUANTLAB_SCHEDULED_AT, QUANTLAB_OUTPUT (both set by the runner).
"""
import argparse
import datetime as dt
import json
import math
import os
import random
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--days", type=int, default=30)
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--start-price", type=float, default=50.0)
args = parser.parse_args()

scheduled = os.environ.get("QUANTLAB_SCHEDULED_AT")
now = dt.datetime.fromisoformat(scheduled.replace("Z", "+00:00")) if scheduled else dt.datetime.now(dt.timezone.utc)
end = now.replace(hour=0, minute=0, second=0, microsecond=0)
rng = random.Random(args.seed)
price = args.start_price
daily_vol = 0.25 / math.sqrt(365)

rows = []
for k in range(args.days, 0, -1):
    day = end - dt.timedelta(days=k)
    open_, high, low = price, price, price
    for _ in range(4):
        price *= math.exp(rng.gauss(0, daily_vol / 2))
        high, low = max(high, price), min(low, price)
    rows.append({
        "timestamp": day.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "open": round(open_, 4), "high": round(high, 4), "low": round(low, 4), "close": round(price, 4),
        "volume": float(rng.randint(5_000, 20_000)),
    })

text = "".join(json.dumps(row) + "\n" for row in rows)
path = os.environ.get("QUANTLAB_OUTPUT")
if path:
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
else:
    sys.stdout.write(text)
print(f"sample_bars.py: {len(rows)} bars up to {end.date()}", file=sys.stderr)
