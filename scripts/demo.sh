#!/usr/bin/env bash
# The README's first command (`make demo`): the source document's Docker
# pseudo-cluster on this machine, deployed by the collection's own
# playbooks/site.yml with the embedded inventory demo/inventory.yml: three
# containers zk1..zk3 on the network zkops-demo, published on the host as
# 2181, 2182, 2183, data under /var/lib/zkops-demo. Safe to run again: a
# second run changes nothing (changed=0) and the data is kept.
#   scripts/demo.sh        build what is missing, deploy (or keep) the ensemble, print its status
#   scripts/demo.sh stop   remove the containers; the data stays
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export ANSIBLE_FORCE_COLOR="${ANSIBLE_FORCE_COLOR:-0}"

if [ "${1:-start}" = stop ]; then
  # shellcheck disable=SC1091
  . .cache/bench.env
  exec ansible-playbook -i demo/inventory.yml demo/stop.yml
fi

# The Docker engine, the image (built locally: no registry is reachable here)
# and the controller's zkCli.sh (Debian's zookeeper, used by site.yml's check).
# zk-artifacts feeds zk-images; every step is cached.
scripts/bench.sh venv zk-local engine host-image zk-artifacts zk-images
# shellcheck disable=SC1091
. .cache/bench.env
export ZKOPS_ZK_IMAGE_REPO
start=$SECONDS
ansible-playbook -i demo/inventory.yml playbooks/site.yml
echo
echo "ZooKeeper demo ensemble ready in $((SECONDS - start)) s (3 containers, image ${ZKOPS_ZK_IMAGE_REPO}:3.9.3)."
echo "Connect with:"
echo "  zkCli.sh -server localhost:2181,localhost:2182,localhost:2183"
echo "  (here: ${ZKOPS_ZK_LOCAL_HOME:-/usr/share/zookeeper}/bin/zkCli.sh -server localhost:2181,localhost:2182,localhost:2183)"
echo "Stop it (the data in /var/lib/zkops-demo stays): make demo-stop"
