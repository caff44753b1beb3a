#!/usr/bin/env bash
# ansible-test sanity needs the collection at a real ansible_collections/<ns>/<name>
# path (a symlink is resolved away), so copy the tracked tree there and run it.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dest="$work/ansible_collections/zkops/ensemble"
mkdir -p "$dest"
# Tracked and untracked-but-not-ignored files, as they are in the work tree,
# without collections/ (a link back to the checkout, not part of the collection).
command -v rsync >/dev/null || { echo "sanity.sh: rsync is missing; run scripts/bench.sh tools" >&2; exit 1; }
(cd "$repo" && git ls-files -co --exclude-standard -z -- . ':!:collections') | rsync -a --from0 --files-from=- "$repo/" "$dest/"
# rsync (above) and shellcheck (whose sanity test is skipped, not failed,
# without the program) come from `scripts/bench.sh tools`.
command -v shellcheck >/dev/null || { echo "sanity.sh: shellcheck is missing; run scripts/bench.sh tools" >&2; exit 1; }
cd "$dest"
git init -q && git add -A >/dev/null
# A venv of its own: ansible-test installs each sanity test's pinned
# requirements (pylint, yamllint, voluptuous, ...) into it, and those pins
# clash with ansible-lint's in the main venv. `--venv` would need to download
# pip's bootstrap script from a host this machine cannot reach.
cache=${ZKOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zkops}
core=$(grep -E '^ansible-core==' "$repo/requirements/test.txt")
svenv="$cache/sanity-${core#ansible-core==}"
if [ ! -f "$svenv/.complete" ]; then
  rm -rf "$svenv" && python3 -m venv "$svenv"
  "$svenv/bin/pip" install --disable-pip-version-check -q "$core" >"$cache/sanity-pip.log" 2>&1 \
    || { tail -n 20 "$cache/sanity-pip.log" >&2; exit 1; }
  touch "$svenv/.complete"
fi
pip_version=$("$svenv/bin/python" -c 'import re, ansible_test._internal.python_requirements as r, inspect; print(re.search(r"pip=.([0-9.]+).", inspect.getsource(r)).group(1))')
mkdir -p "$HOME/.ansible/test/cache"
cp "$repo/scripts/ansible-test/get_pip_standin.py" "$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
PATH="$svenv/bin:$PATH" "$svenv/bin/ansible-test" sanity --requirements --python 3.11 --color no "$@"
