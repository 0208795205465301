#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# guests/linux/fetch-modules.sh IMAGE OUTDIR MODULE...
# The kernel modules the Linux guest needs that Debian's kernel does not
# have built in (virtio-mmio, virtio-blk, ext4 for the ext2 disk), taken
# from linux-image-<version>:arm64, <version> being the one IMAGE says
# ("Linux version 6.1.0-50-arm64 ..."), so they match it exactly. Each
# MODULE and what it depends on (its .modinfo "depends=") is copied to
# OUTDIR/<name>.ko; OUTDIR/load-order lists them, dependencies first, for
# /init to insmod. OUTDIR/stamp is touched last. apt-get download +
# dpkg-deb only; the .deb (~57 MiB) is deleted afterwards.
set -euo pipefail

if [ $# -lt 3 ]; then
	echo "usage: $0 IMAGE OUTDIR MODULE..." >&2
	exit 2
fi
image=$1
out=$2
shift 2

kver=$(grep -a -m1 -o 'Linux version [^ ]*' "$image" | head -n1 | cut -d' ' -f3 || true)
if [ -z "$kver" ]; then
	echo "fetch-modules: no 'Linux version' string in $image" >&2
	exit 1
fi
pkg=linux-image-$kver:arm64

SUDO=()
[ "$(id -u)" -ne 0 ] && SUDO=(sudo)

rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$(dirname "$0")/../../scripts/deb-download.sh" "$tmp" "$pkg"
deb=$(compgen -G "$tmp/linux-image-${kver}_*.deb" | head -n1 || true)
[ -n "$deb" ] || { echo "fetch-modules: $pkg was not downloaded" >&2; exit 1; }

version=$(dpkg-deb -f "$deb" Version)
dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$tmp" --wildcards "./lib/modules/$kver/kernel/*"
rm -f "$deb"
kdir=$tmp/lib/modules/$kver/kernel

# add NAME: its dependencies first, then itself, each once.
declare -A done_=()
order=()
add() {
	local name=$1 f dep deps
	[ -n "${done_[$name]:-}" ] && return 0
	done_[$name]=1
	f=$(find "$kdir" -name "$name.ko" -print -quit)
	if [ -z "$f" ]; then
		# Built in (or not in this kernel): nothing to load.
		echo "fetch-modules: $name: no $name.ko in $pkg (built in?)"
		return 0
	fi
	deps=$(tr '\0' '\n' <"$f" | sed -n 's/^depends=//p' | head -n1 | tr ',' ' ')
	for dep in $deps; do
		add "$dep"
	done
	install -m 0644 "$f" "$out/$name.ko"
	order+=("$name")
}
for m in "$@"; do
	add "$m"
done
printf '%s\n' "${order[@]}" >"$out/load-order"
echo "$pkg $version: ${order[*]}" >"$out/VERSIONS"
touch "$out/stamp"
echo "fetch-modules: $(wc -l <"$out/load-order") modules for $kver: ${order[*]}"
