#!/usr/bin/env bash
# Everything a fresh Debian machine needs to build quorum, run its tests and run the local lab.
# Run as root (the lab starts sshd and etcd in private mount namespaces). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(openssh-server openssh-client sudo etcd-server etcd-client ansible-core iproute2 util-linux procps nftables)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Debian's etcd-server would start a one-member cluster where systemd runs; policy-rc.d keeps it from starting.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  rm -f /usr/sbin/policy-rc.d
fi

# The lab's second etcd (3.5.16 from Debian trixie, with etcdutl), cached outside the checkout.
bash scripts/fetch-etcd.sh

echo "setup: installing npm dependencies (npm ci) and building"
npm ci --no-audit --no-fund
npm run build
