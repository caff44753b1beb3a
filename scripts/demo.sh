#!/usr/bin/env bash
# The README's main job on its embedded default: a local three-server
# ZooKeeper ensemble on 127.0.0.1 (Debian's ZooKeeper on this machine), then
# the collection's status playbook against it. Safe to run again: running
# servers are left alone and their data is kept in .cache/demo.
#   scripts/demo.sh        start (or keep) the ensemble and print its status
#   scripts/demo.sh stop   stop it; the data stays
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
demo_dir="$repo/.cache/demo"

if [ "${1:-start}" = stop ]; then
  exec .venv/bin/python scripts/local_ensemble.py stop --dir "$demo_dir"
fi

scripts/bench.sh venv zk-local
started=$(.venv/bin/python scripts/local_ensemble.py start --dir "$demo_dir" --servers 3 --layout source --wait)
servers=$(printf '%s' "$started" | .venv/bin/python -c 'import json, sys; print(json.dumps({"zookeeper_servers": json.load(sys.stdin)["servers"]}))')
ANSIBLE_COLLECTIONS_PATH="$repo/.cache/collections" .venv/bin/ansible-playbook playbooks/status.yml -e "$servers"
