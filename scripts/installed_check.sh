#!/usr/bin/env bash
# The collection as users install it, against real containers: build the
# tarball and install it offline into an empty directory outside the checkout
# (scripts/build_check.sh), then run the rooms scenario with ONLY that copy of
# zkops.ensemble on the collections path. Its converge imports
# zkops.ensemble.site; its verify runs zkops.ensemble.site (changed=0),
# .status, .rolling_restart and .room_drill by FQCN with Molecule's work
# directory (outside the checkout) as the working directory.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/zkops-installed.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$repo/scripts/build_check.sh" "$work"
export ZKOPS_COLLECTIONS_PATH="$work/collections"
"$repo/scripts/molecule.sh" rooms
