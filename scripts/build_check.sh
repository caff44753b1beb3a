#!/usr/bin/env bash
# `ansible-galaxy collection build` and `install` of the result must work, and
# the installed collection must document its modules.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$repo/.venv/bin/ansible-galaxy" collection build "$repo" --output-path "$work" --force
tarball=$(ls "$work"/zkops-ensemble-*.tar.gz)
"$repo/.venv/bin/ansible-galaxy" collection install "$tarball" -p "$work/installed" --force
# Nothing of the work tree's caches may ship.
if tar -tzf "$tarball" | grep -E '(^|/)(\.cache|\.venv|\.git)/'; then
  echo "build_check: the tarball contains cache or VCS files (see above); fix build_ignore in galaxy.yml" >&2
  exit 1
fi
for module in placement_plan quorum_check zk_myid; do
  ANSIBLE_COLLECTIONS_PATH="$work/installed" "$repo/.venv/bin/ansible-doc" "zkops.ensemble.$module" \
    | grep -q "RETURN VALUES" || { echo "build_check: ansible-doc zkops.ensemble.$module from the installed collection lacks docs" >&2; exit 1; }
done
echo "build_check: built $(basename "$tarball") ($(du -h "$tarball" | cut -f1)), installed, docs present for 3 modules"
