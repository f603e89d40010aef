#!/usr/bin/env bash
# The lab's second etcd: Debian trixie's etcd 3.5.16 (etcd, etcdctl and etcdutl), whose binaries run on bookworm.
# Fetched once with apt-get's own sources list, lists and cache (the machine's apt sources are not touched and no
# second etcd package is installed), checked against the sha256 of each .deb pinned here, unpacked with dpkg -x,
# and kept in the cache directory that `quorum lab up` packs release archives from:
#   ${QUORUM_ETCD_CACHE:-/var/cache/quorum/etcd}/etcd-3.5.16/{etcd,etcdctl,etcdutl,SOURCE}
# Safe to run again: a complete copy (its SOURCE file names the pinned sums) is kept as it is.
set -euo pipefail

version=3.5.16
debian_version=3.5.16-4
declare -A pinned=(
  [etcd-server]=0875921bb0d023f2af9b8e15cdfbe417a03e65731345fb832c40f9c2dd72967b
  [etcd-client]=7eb67e305ba2ce523a5a0b29bf88750ded3f724769c7111a83382b7909f9977b
)
arch=$(dpkg --print-architecture)
cache=${QUORUM_ETCD_CACHE:-/var/cache/quorum/etcd}
dest="$cache/etcd-$version"
source_text="etcd $version from Debian trixie: etcd-server_${debian_version}_$arch.deb sha256 ${pinned[etcd-server]}, etcd-client_${debian_version}_$arch.deb sha256 ${pinned[etcd-client]}"

if [ -f "$dest/SOURCE" ] && [ "$(cat "$dest/SOURCE")" = "$source_text" ] && [ -x "$dest/etcdutl" ]; then
  echo "fetch-etcd: etcd $version already in $dest"
  exit 0
fi
if [ "$arch" != amd64 ]; then
  # The pinned sums are amd64's; another architecture would need its own.
  echo "fetch-etcd: the pinned etcd $version packages are for amd64, this machine is $arch: skipped (the lab has etcd 3.4 only)" >&2
  exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/.fetch-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/debs" "$work/tree"
printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main\n' > "$work/sources.list"
apt_options=(
  -o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=-
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Dir::Cache::archives=$work/archives"
  -o APT::Sandbox::User=root -o Acquire::Retries=3
)
echo "fetch-etcd: downloading Debian trixie's etcd-server and etcd-client $debian_version"
apt-get -qq "${apt_options[@]}" update
(cd "$work/debs" && apt-get -qq "${apt_options[@]}" download "etcd-server=$debian_version" "etcd-client=$debian_version")

for package in etcd-server etcd-client; do
  deb="$work/debs/${package}_${debian_version}_$arch.deb"
  sum=$(sha256sum "$deb" | cut -d' ' -f1)
  if [ "$sum" != "${pinned[$package]}" ]; then
    echo "fetch-etcd: $(basename "$deb") has sha256 $sum, but ${pinned[$package]} is pinned in scripts/fetch-etcd.sh: not used" >&2
    exit 1
  fi
  dpkg -x "$deb" "$work/tree"
done

mkdir -p "$work/out"
for program in etcd etcdctl etcdutl; do
  install -m 0755 "$work/tree/usr/bin/$program" "$work/out/$program"
done
"$work/out/etcd" --version | grep -q "^etcd Version: $version\$" || {
  echo "fetch-etcd: the unpacked etcd does not say it is $version: $("$work/out/etcd" --version | head -n 1)" >&2
  exit 1
}
printf '%s\n' "$source_text" > "$work/out/SOURCE"
rm -rf "$dest.old"
[ -e "$dest" ] && mv "$dest" "$dest.old"
mv "$work/out" "$dest"
rm -rf "$dest.old"
echo "fetch-etcd: etcd $version (etcd, etcdctl, etcdutl) in $dest"
