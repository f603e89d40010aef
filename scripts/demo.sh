#!/usr/bin/env bash
# The main job on the local lab: five sandbox hosts, a 3-member etcd cluster deployed with TLS everywhere, the
# reviewed plan to grow it to 5, the growth itself (one member at a time, no restart of the first three), and
# the member list at the end. Run scripts/setup.sh first (the README's first command does both).
# Safe to run again: the lab is rebuilt, so every run starts from a cluster that does not exist yet.
set -euo pipefail
cd "$(dirname "$0")/.."
quorum() { node bin/quorum.js "$@"; }
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "bring up 5 lab hosts (real sshd on 127.0.10.1-5, each in its own mount namespace; etcd 3.4.23 packed as a release archive)"
quorum lab down >/dev/null 2>&1 || true
quorum lab up --hosts 5

step "deploy a 3-member etcd cluster on h1-h3: CA and certificates on the controller, install, config, start (inventories/lab)"
quorum run playbooks/deploy.yml -i inventories/lab --plain

step "the cluster as etcdctl sees it (quorum etcdctl fills in endpoints and the admin certificate)"
quorum etcdctl -i inventories/lab -- endpoint status -w table

step "review the plan to grow to 5 members (inventories/lab-scaled adds h4 and h5): computed from the live cluster"
quorum plan playbooks/scale-out.yml -i inventories/lab-scaled

step "grow to 5: certificates for h4 and h5 only, then each joins as a learner, is promoted once caught up, and gated"
quorum run playbooks/scale-out.yml -i inventories/lab-scaled --plain

step "the member list at the end: five started voters, no learner"
quorum etcdctl -i inventories/lab-scaled -- member list -w table
quorum etcdctl -i inventories/lab-scaled -- endpoint status -w table

printf '\nThe lab stays up for you to explore (ssh line: node bin/quorum.js lab status). Try a rolling restart:\n'
printf '  node bin/quorum.js plan playbooks/rolling-restart.yml -i inventories/lab-scaled\n'
printf '  node bin/quorum.js run playbooks/rolling-restart.yml -i inventories/lab-scaled\n'
printf 'End it with: node bin/quorum.js lab down\n'
