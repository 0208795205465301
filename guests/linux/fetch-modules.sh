#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# guests/linux/fetch-modules.sh ARCH KERNEL OUTDIR MODULE...
# The kernel modules the Linux guest needs that Debian's kernel does not
# have built in (virtio-mmio, virtio-blk, ext4 for the ext2 disk, uio),
# taken from linux-image-<release>:ARCH, <release> being the one KERNEL
# (fetch-linux.sh's Image or zImage) says ("Linux version 6.1.0-50-arm64
# ..."), so they match it exactly. Each MODULE and what it depends on (its
# .modinfo "depends=") is copied to OUTDIR/<name>.ko; OUTDIR/load-order
# lists them, dependencies first, for /init to insmod. A MODULE the kernel
# has built in (its modules.builtin) is skipped. OUTDIR/stamp is touched
# last. apt-get download + dpkg-deb only; the .deb (~43-57 MiB) is kept
# beside KERNEL for the next board (lib.sh: lx_image_deb).
set -euo pipefail

if [ $# -lt 4 ]; then
	echo "usage: $0 ARCH KERNEL OUTDIR MODULE..." >&2
	exit 2
fi
arch=$1
image=$2
out=$3
shift 3
# shellcheck source=guests/linux/lib.sh
. "$(dirname "$0")/lib.sh"
lx_arch "$arch"

kver=$(lx_release "$image" || true)
if [ -z "$kver" ]; then
	echo "fetch-modules: no 'Linux version' string in $image" >&2
	exit 1
fi
pkg=linux-image-$kver:$arch

rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
deb=$(lx_image_deb "$arch" "$kver" "$(dirname "$image")")

version=$(dpkg-deb -f "$deb" Version)
dpkg-deb --fsys-tarfile "$deb" | tar -xf - -C "$tmp" --wildcards \
	"./lib/modules/$kver/kernel/*" "./lib/modules/$kver/modules.builtin"
kdir=$tmp/lib/modules/$kver/kernel
builtin=$tmp/lib/modules/$kver/modules.builtin

# add NAME: its dependencies first, then itself, each once.
declare -A done_=()
order=()
add() {
	local name=$1 f dep deps
	[ -n "${done_[$name]:-}" ] && return 0
	done_[$name]=1
	# Module names spell - and _ alike (sdhci_of_arasan is sdhci-of-arasan.ko).
	f=$(find "$kdir" -name "${name//[-_]/[-_]}.ko" -print -quit)
	if [ -z "$f" ]; then
		# Nothing to load. modules.builtin spells names with - or _.
		if grep -q "/${name//_/[-_]}\.ko\$" "$builtin"; then
			echo "fetch-modules: $name: built into $kver"
		else
			echo "fetch-modules: $name: no $name.ko in $pkg, nor built in"
		fi
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
