#!/usr/bin/env bash
# Example job: a synthetic daily rate, printed as CSV on stdout (bash, awk and GNU date only).
#
# Prints `timestamp,rate` for the N days (first argument, default 10) before the run's scheduled day.
# The rate is a deterministic function of the day number, so reruns give the same rows; meant for
# mode "update". Environment: QUANTLAB_SCHEDULED_AT (set by the runner; defaults to now by hand).
set -euo pipefail

days="${1:-10}"
scheduled="${QUANTLAB_SCHEDULED_AT:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}"
end_day=$(( $(date -u -d "$scheduled" +%s) / 86400 ))

echo "timestamp,rate"
for (( d = end_day - days; d < end_day; d++ )); do
  awk -v d="$d" 'BEGIN { printf "%s,%.6f\n", strftime("%Y-%m-%dT00:00:00Z", d * 86400, 1), 1.08 + 0.01 * sin(d / 7.0) }'
done
echo "sample_rates.sh: ${days} days before ${scheduled}" >&2
