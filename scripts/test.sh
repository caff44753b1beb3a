#!/usr/bin/env bash
# The whole test suite, as the README's test command runs it: builds what it
# needs (scripts/bench.sh), then runs every stage even when one fails, and ends
# with one summary line, "suite: N passed, N failed".
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 1

passed=0
failed=0
failures=()
stage() {
  local name=$1
  shift
  local start=$SECONDS
  echo "=== $name"
  if "$@"; then
    passed=$((passed + 1))
    echo "=== $name: ok ($((SECONDS - start))s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "=== $name: FAILED ($((SECONDS - start))s)"
  fi
}

if ! scripts/bench.sh all; then
  echo "suite: the test bench could not be built (see above); nothing was tested" >&2
  echo "suite: 0 passed, 1 failed"
  exit 1
fi
# shellcheck source=/dev/null
. .cache/bench.env
# Every program a stage calls, present before any stage runs (bench.sh tools installs them).
for tool in rsync shellcheck git curl chromium docker java; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "suite: '$tool' is missing after scripts/bench.sh all; nothing was tested" >&2
    echo "suite: 0 passed, 1 failed"
    exit 1
  fi
done
export ANSIBLE_COLLECTIONS_PATH="$repo/.cache/collections"

# Scenarios that run in the background beside the others (their own containers
# and network), so that the suite stays inside CI's time limit on 2 cores; each
# one's output is kept in a log and shown when it ends. With ZKOPS_SCENARIOS
# set, only what it names runs, one after the other.
if [ -n "${ZKOPS_SCENARIOS:-}" ]; then beside=${ZKOPS_BESIDE_SCENARIOS:-}; else beside=${ZKOPS_BESIDE_SCENARIOS-secure}; fi
beside_pids=()
beside_names=()
for scenario in $beside; do
  scripts/molecule.sh "$scenario" > "$repo/.cache/molecule-$scenario.log" 2>&1 &
  beside_pids+=("$!")
  beside_names+=("$scenario")
  echo "=== molecule scenario $scenario: started in the background (log .cache/molecule-$scenario.log)"
done
beside_result() {
  local status=0
  wait "$1" || status=$?
  cat "$repo/.cache/molecule-$2.log"
  return "$status"
}
stage "unit tests" .venv/bin/python -m pytest -q tests/unit
stage "integration tests (real ZooKeeper ensemble)" .venv/bin/python -m pytest -q tests/integration
stage "collection build, offline install, docs, execution environment" scripts/build_check.sh
stage "ansible-lint --profile production" .venv/bin/ansible-lint --profile production
stage "ansible-test sanity" scripts/sanity.sh
stage "changelog fragments" .venv/bin/antsibull-changelog lint
stage "demo: make demo twice (changed=0), demo-stop, make demo (data kept)" scripts/demo_check.sh
for scenario in ${ZKOPS_SCENARIOS:-smoke standalone pseudo_cluster cluster docker restart_refusals upgrade rooms scale}; do
  if [ "$scenario" = rooms ]; then
    # With only the built and installed tarball on the collections path.
    stage "installed collection: site, status, rolling_restart, room_drill by FQCN (molecule scenario rooms)" \
      scripts/installed_check.sh
  else
    stage "molecule scenario $scenario" scripts/molecule.sh "$scenario"
  fi
done
for index in "${!beside_pids[@]}"; do
  stage "molecule scenario ${beside_names[$index]} (ran beside the others; the wait for its end)" \
    beside_result "${beside_pids[$index]}" "${beside_names[$index]}"
done

if [ "$failed" -gt 0 ]; then
  printf 'failed stage: %s\n' "${failures[@]}"
fi
echo "suite: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
