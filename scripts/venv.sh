#!/usr/bin/env bash
# Create (or reuse) the controller virtualenv for the demo and the test suite.
# The venv lives in a cache keyed by the hash of requirements/test.txt, so a
# fresh clone on a machine that already built it links it in seconds, and a
# changed pin builds a new one. `.venv` in the checkout points at it.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${ZKOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zkops}
req="$repo/requirements/test.txt"
python=${PYTHON:-python3}

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "venv.sh: $python is older than 3.11; ansible-core 2.19 needs Python 3.11+ on the controller" >&2
  exit 1
fi
hash=$( (cat "$req"; "$python" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-12)
venv="$cache/venv-$hash"
if [ ! -x "$venv/bin/ansible-playbook" ] || [ ! -f "$venv/.complete" ]; then
  echo "venv.sh: building $venv from requirements/test.txt" >&2
  rm -rf "$venv"
  mkdir -p "$cache"
  "$python" -m venv "$venv"
  if ! "$venv/bin/pip" install --disable-pip-version-check -r "$req" >"$cache/pip-$hash.log" 2>&1; then
    tail -n 30 "$cache/pip-$hash.log" >&2
    echo "venv.sh: pip install failed (full log: $cache/pip-$hash.log); PyPI must be reachable" >&2
    exit 1
  fi
  touch "$venv/.complete"
fi
ln -sfn "$venv" "$repo/.venv"

# The collection must sit in an ansible_collections/<ns>/<name> path for Ansible
# and for imports of its module_utils; link the checkout into one.
mkdir -p "$repo/.cache/collections/ansible_collections/zkops"
ln -sfn ../../../.. "$repo/.cache/collections/ansible_collections/zkops/ensemble"
