#!/usr/bin/env bash
# Run Molecule scenarios against the local test bench:
#   scripts/molecule.sh SCENARIO...      (e.g. scripts/molecule.sh smoke)
# Needs `scripts/bench.sh all` (or at least venv engine host-image) first.
# Extra molecule options: MOLECULE_ARGS="--destroy=never" scripts/molecule.sh smoke
# One molecule command instead of `test`: MOLECULE_COMMAND=converge scripts/molecule.sh benchmark
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
envfile="$repo/.cache/bench.env"
[ $# -gt 0 ] || { echo "usage: scripts/molecule.sh SCENARIO..." >&2; exit 2; }
[ -f "$envfile" ] || { echo "molecule.sh: $envfile missing; run 'scripts/bench.sh all' first" >&2; exit 1; }
[ -x "$repo/.venv/bin/molecule" ] || { echo "molecule.sh: no molecule in $repo/.venv; run 'scripts/bench.sh venv'" >&2; exit 1; }
# shellcheck disable=SC1090
. "$envfile"
: "${ZKOPS_HOST_IMAGE:?molecule.sh: ZKOPS_HOST_IMAGE not in bench.env; run scripts/bench.sh host-image}"
# This collection from the checkout (or from ZKOPS_COLLECTIONS_PATH: the
# installed copy of scripts/installed_check.sh), then the venv's bundled
# collections (community.docker, ansible.posix, ... from the `ansible` package).
bundled=$("$repo/.venv/bin/python" -c 'import ansible_collections, os; print(os.path.dirname(list(ansible_collections.__path__)[0]))')
export ANSIBLE_COLLECTIONS_PATH="${ZKOPS_COLLECTIONS_PATH:-$repo/.cache/collections}:$bundled"
export PATH="$repo/.venv/bin:$PATH"
export MOLECULE_GLOB='molecule/*/molecule.yml'
export ANSIBLE_FORCE_COLOR=${ANSIBLE_FORCE_COLOR:-0}
cd "$repo"
status=0 summary=""
for scenario in "$@"; do
  [ -f "molecule/$scenario/molecule.yml" ] || { echo "molecule.sh: no scenario molecule/$scenario" >&2; exit 2; }
  t0=$SECONDS
  # shellcheck disable=SC2086
  if molecule "${MOLECULE_COMMAND:-test}" -s "$scenario" ${MOLECULE_ARGS:-}; then result=passed; else result=FAILED; status=1; fi
  summary+=$(printf '%-24s %-7s %4ss' "$scenario" "$result" "$((SECONDS - t0))")$'\n'
done
printf '\nmolecule.sh wall time per scenario:\n%s' "$summary"
exit "$status"
