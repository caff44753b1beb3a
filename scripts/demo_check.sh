#!/usr/bin/env bash
# The README's promises about `make demo`, checked with a real client (kazoo):
#   1. `make demo` deploys (or keeps) the three-container ensemble;
#   2. a second run reports changed=0 and restarts no container;
#   3. `make demo-stop` removes the containers, and the next `make demo` brings
#      the same data back (a znode written before is read after).
# Leaves the demo stopped (containers removed, data kept). Part of `make test`.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
servers=localhost:2181,localhost:2182,localhost:2183
containers=(zk1 zk2 zk3)
token="demo-check-$(date +%s%N)"
znode="/zkops-demo-check/$token"

fail() { printf 'demo_check: FAILED: %s\n' "$*" >&2; exit 1; }
# Each container's id and start time: a restart or a re-creation changes it.
started() { docker inspect --format '{{.Name}} {{.Id}} {{.State.StartedAt}}' "${containers[@]}"; }
kazoo() { .venv/bin/python - "$servers" "$znode" "$1" <<'EOF'
import sys
from kazoo.client import KazooClient
servers, path, action = sys.argv[1:4]
client = KazooClient(hosts=servers, timeout=10)
client.start(timeout=60)
try:
    if action == "write":
        client.create(path, path.encode(), makepath=True)
    elif action == "read":
        client.sync(path)
        data, _ = client.get(path)
        assert data == path.encode(), "read %r" % data
    elif action == "delete":
        client.delete(path)
finally:
    client.stop()
    client.close()
print("%s %s: ok" % (action, path))
EOF
}

echo "demo_check: first run"
scripts/demo.sh | tee "$work/run1.log"
kazoo write
started >"$work/started1"

echo "demo_check: second run (must change nothing)"
scripts/demo.sh | tee "$work/run2.log"
grep -Eq '^localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' "$work/run2.log" \
  || fail "the second 'make demo' changed something: $(grep -E '^localhost +:' "$work/run2.log")"
started >"$work/started2"
diff -u "$work/started1" "$work/started2" || fail "the second 'make demo' restarted or recreated a container"
kazoo read

echo "demo_check: demo-stop, then make demo again (the data must come back)"
scripts/demo.sh stop
[ -z "$(docker ps -aq --filter name='^zk[123]$')" ] || fail "'make demo-stop' left containers: $(docker ps -a --filter name='^zk[123]$')"
scripts/demo.sh | tee "$work/run3.log"
kazoo read
kazoo delete
scripts/demo.sh stop
echo "demo_check: make demo twice (changed=0, containers kept), demo-stop + make demo (data kept): ok"
