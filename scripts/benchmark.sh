#!/usr/bin/env bash
# make benchmark: the operations benchmark on five fresh systemd hosts (not part of make test).
#   1. scripts/bench.sh all (tools, venv, Docker engine, images, the ZooKeeper mirror);
#   2. molecule/benchmark: create, then the first converge and a second one (a
#      no-op, molecule's idempotence: changed=0), each timed;
#   3. scripts/benchmark.py: the data trees, every strategy BENCH_RUNS times under a
#      live writer, docs/benchmarks.json, docs/benchmarks.md and the latency plot;
#   4. destroy the hosts (BENCH_KEEP=1 keeps them).
# Knobs: BENCH_RUNS (3), BENCH_TREES (small,large), BENCH_STRATEGIES (all), BENCH_ARGS (more
# benchmark.py options), BENCH_CONVERGE_RUNS (3: fresh hosts, first converge and no-op, that many
# times), BENCH_ONLY=converge (only that, into the existing docs/benchmarks.json).
# Logs and raw per-run reports: .cache/benchmark/.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work="$repo/.cache/benchmark"
cd "$repo"
scripts/bench.sh all
mkdir -p "$work"
rm -f "$work"/*.log "$work"/*.json
# Molecule's state (its inventory) where benchmark.py finds it.
export MOLECULE_EPHEMERAL_DIRECTORY="$work/molecule"

# The scenario's own steps through scripts/molecule.sh (its environment: the bench, the collections path).
step() { MOLECULE_COMMAND=$1 scripts/molecule.sh benchmark > "$work/molecule-$1.log" 2>&1; }
cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] || step destroy || true; }
trap cleanup EXIT
# First converge and no-op, BENCH_CONVERGE_RUNS times on fresh hosts (the last hosts stay for the operations).
runs_file="$work/converge-runs.txt"
: > "$runs_file"
for i in $(seq "${BENCH_CONVERGE_RUNS:-3}"); do
  step destroy
  step create || { echo "benchmark: molecule create failed, see $work/molecule-create.log" >&2; exit 1; }
  t0=$(date +%s.%N)
  step converge || { echo "benchmark: the first converge failed, see $work/molecule-converge.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  step idempotence || { echo "benchmark: the second converge changed something (or failed), see $work/molecule-idempotence.log" >&2; exit 1; }
  t2=$(date +%s.%N)
  echo "$t0 $t1 $t2" >> "$runs_file"
  echo "benchmark: converge $i: first $(echo "$t1 - $t0" | bc | cut -d. -f1) s, no-op $(echo "$t2 - $t1" | bc | cut -d. -f1) s"
done
.venv/bin/python - "$runs_file" "$(git rev-parse --short HEAD)" > "$work/converge.json" <<'PY'
import json, statistics, sys
runs = []
for line in open(sys.argv[1]):
    t0, t1, t2 = (float(x) for x in line.split())
    runs.append({"first_s": round(t1 - t0, 1), "noop_s": round(t2 - t1, 1), "noop_ratio": round((t2 - t1) / (t1 - t0), 3)})
print(json.dumps({"runs": runs, "first_s": statistics.median(r["first_s"] for r in runs),
                  "noop_s": statistics.median(r["noop_s"] for r in runs),
                  "noop_ratio": statistics.median(r["noop_ratio"] for r in runs), "noop_changed": 0,
                  "commit": sys.argv[2],
                  "how": "molecule converge on fresh hosts, then molecule idempotence (fails unless changed=0)"}))
PY
if [ "${BENCH_ONLY:-}" = converge ]; then
  .venv/bin/python scripts/benchmark.py --converge-only --converge "$work/converge.json"
  exit 0
fi

inventory="$MOLECULE_EPHEMERAL_DIRECTORY/inventory"
[ -d "$inventory" ] || { echo "benchmark: no molecule inventory at $inventory" >&2; exit 1; }
# shellcheck disable=SC2086
.venv/bin/python scripts/benchmark.py --inventory "$inventory" --converge "$work/converge.json" \
  --runs "${BENCH_RUNS:-3}" --trees "${BENCH_TREES:-small,large}" \
  ${BENCH_STRATEGIES:+--strategies "$BENCH_STRATEGIES"} ${BENCH_ARGS:-}
