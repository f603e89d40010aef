#!/usr/bin/env bash
# The main job, as far as it runs today, on the local lab: three sandbox hosts, a plain-HTTP etcd cluster on
# them, the reviewed plan of a rolling restart, the restart itself, and the member list at the end.
# Run scripts/setup.sh first (the README's first command does both). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
quorum() { node bin/quorum.js "$@"; }
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "bring up 3 lab hosts (real sshd on 127.0.10.1-3, each in its own mount namespace)"
quorum lab up --hosts 3
inventory=.lab/inventory.yml

step "the lab's inventory, as quorum reads it"
quorum inventory -i "$inventory" --graph

step "start a 3-member etcd cluster on the lab hosts (quorum run playbooks/demo/deploy-plain.yml)"
quorum run playbooks/demo/deploy-plain.yml -i "$inventory" --plain

step "review the plan of a rolling restart, computed from the live cluster (quorum plan)"
quorum plan playbooks/demo/rolling-restart.yml -i "$inventory"

step "restart every member, one safe batch at a time, leader last, health gate between batches (quorum run)"
quorum run playbooks/demo/rolling-restart.yml -i "$inventory" --plain

step "the member list at the end"
etcdctl --endpoints http://127.0.10.1:2379,http://127.0.10.2:2379,http://127.0.10.3:2379 member list -w table
etcdctl --endpoints http://127.0.10.1:2379,http://127.0.10.2:2379,http://127.0.10.3:2379 endpoint status -w table

printf '\nThe lab stays up for you to explore (ssh line: quorum lab status). End it with: node bin/quorum.js lab down\n'
