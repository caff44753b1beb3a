#!/usr/bin/env bash
# The collection as users get it: `ansible-galaxy collection build`, then
# `install` of the tarball into an empty path, offline, its dependencies
# (galaxy.yml) satisfied by the venv's bundled collections; the installed
# modules are documented; what it declares for execution environments is what
# ansible-builder reads. scripts/installed_check.sh then runs its playbooks.
#   scripts/build_check.sh [DIR]   keep the installed collection in DIR/collections
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$repo/.venv/bin"
if [ $# -gt 0 ]; then
  work=$1
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
fail() { echo "build_check: $*" >&2; exit 1; }
bundled=$("$venv/python" -c 'import ansible_collections, os; print(os.path.dirname(list(ansible_collections.__path__)[0]))')
installed="$work/collections"
rm -rf "$installed" && mkdir -p "$installed"

"$venv/ansible-galaxy" collection build "$repo" --output-path "$work" --force
tarball=$(ls "$work"/zkops-ensemble-*.tar.gz)
# Nothing of the work tree's caches, tools or checkout links may ship.
if tar -tzf "$tarball" | grep -E '(^|/)(\.cache|\.venv|\.git|collections|tools)/'; then
  fail "the tarball contains cache, VCS, tool or link files (see above); fix build_ignore in galaxy.yml"
fi
# Offline: the dependencies must already be installed in a configured path.
ANSIBLE_COLLECTIONS_PATH="$installed:$bundled" \
  "$venv/ansible-galaxy" collection install --offline "$tarball" -p "$installed" \
  || fail "the tarball does not install offline with the venv's collections ($bundled)"
[ -f "$installed/ansible_collections/zkops/ensemble/MANIFEST.json" ] || fail "nothing installed in $installed"

for module in placement_plan quorum_check zk_host_state zk_myid zk_workload; do
  ANSIBLE_COLLECTIONS_PATH="$installed:$bundled" "$venv/ansible-doc" "zkops.ensemble.$module" | grep -q "RETURN VALUES" \
    || fail "ansible-doc zkops.ensemble.$module from the installed collection lacks docs"
done
ANSIBLE_COLLECTIONS_PATH="$installed:$bundled" "$venv/ansible-doc" -t role zkops.ensemble.zookeeper -e room_drill \
  | grep -q "zookeeper_drill_room" || fail "ansible-doc of the role's room_drill entry point lacks zookeeper_drill_room"

# Execution environments: what ansible-builder finds in the installed collection,
# and the example definition in docs/ turned into a build context.
introspect=$("$venv/ansible-builder" introspect --sanitize "$installed")
echo "$introspect"
for requirement in kazoo pure-sasl; do
  grep -q "$requirement" <<<"$introspect" \
    || fail "ansible-builder introspect does not see $requirement (meta/execution-environment.yml, meta/ee-requirements.txt)"
done
"$venv/ansible-builder" create -f "$repo/docs/execution-environment/execution-environment.yml" \
  --context "$work/ee-context" --output-filename Containerfile >/dev/null || fail "ansible-builder create rejects docs/execution-environment/execution-environment.yml"
if ! grep -q "zkops.ensemble" "$work/ee-context/_build/requirements.yml" \
  || ! grep -q "ansible-galaxy collection install" "$work/ee-context/Containerfile"; then
  fail "ansible-builder create: the build context does not install zkops.ensemble"
fi
echo "build_check: built $(basename "$tarball") ($(du -h "$tarball" | cut -f1)), installed offline into an empty path," \
  "docs present for 5 modules and the role, ansible-builder introspect and create pass"
