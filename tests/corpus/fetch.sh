#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/corpus/fetch.sh OUT
# The device-tree corpus of `make corpus` (tests/corpus/corpus.mk): every
# DTB in Debian's linux-image-<abi>-arm64 (arm64) and
# linux-image-<abi>-armmp (armhf) packages, extracted into
#   OUT/<abi>/arm64/<vendor>/<board>.dtb    (from ./usr/lib/linux-image-*/)
#   OUT/<abi>/armmp/<board>.dtb
#   OUT/<abi>/VERSIONS                      packages and versions
#   OUT/<abi>/stamp                         touched last
# and prints the directory (OUT/<abi>) on its last line of stdout.
#
# The release (<abi>, e.g. 6.1.0-50) is, in this order: $CORPUS_ABI; the
# one the Linux guest's kernel came from (build/deps/linux-arm64/VERSIONS,
# written by guests/linux/fetch-linux.sh: "... kernel 6.1.0-50-arm64)");
# the one a previous run cached in OUT; the newest linux-image-<abi>-arm64
# apt knows. A cached release is never downloaded again. apt-get download
# and dpkg-deb only: nothing is installed; the .deb files (~45-70 MiB each)
# are deleted once the DTBs are out.
set -euo pipefail
trap 'echo "corpus: $0 failed at line $LINENO: $BASH_COMMAND" >&2' ERR

[ $# -eq 1 ] || { echo "usage: $0 OUT" >&2; exit 2; }
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)

# With pipefail, a reader that stops early (grep -q, head) can fail a
# pipe with SIGPIPE: every pipe here reads its input to the end.
abi=${CORPUS_ABI:-}
if [ -z "$abi" ] && [ -f "$top/build/deps/linux-arm64/VERSIONS" ]; then
	abi=$(sed -n 's/.*kernel \([0-9][^ )]*\)-arm64).*/\1/p' "$top/build/deps/linux-arm64/VERSIONS" |
		sed -n 1p)
	[ -z "$abi" ] || echo "corpus: release $abi, the Linux guest's (build/deps/linux-arm64/VERSIONS)" >&2
fi
# Before a build: the kernel debian-installer-12-netboot-arm64 (the Linux
# guest's package) was built from, "Built-Using: ... linux (= 6.1.176-1)",
# is the linux-image-<abi>-arm64 of that version.
if [ -z "$abi" ]; then
	kver=$(apt-cache show debian-installer-12-netboot-arm64 2>/dev/null |
		sed -n 's/^Built-Using:.* linux (= \([^)]*\)).*/\1/p' | sed -n 1p)
	# Already fetched? (VERSIONS: "linux-image-<abi>-arm64:arm64 <version>: ...")
	if [ -n "$kver" ]; then
		abi=$({ cat "$out"/*/VERSIONS 2>/dev/null || true; } |
			sed -n "s/^linux-image-\([0-9.]*-[0-9]*\)-arm64:arm64 $kver: .*/\1/p" | sed -n 1p)
	fi
	if [ -z "$abi" ]; then
		names=$(apt-cache search --names-only '^linux-image-[0-9.]+-[0-9]+-arm64$' 2>/dev/null |
			sed -n 's/^\(linux-image-[0-9.]*-[0-9]*-arm64\) .*/\1/p' | sort -rV)
		if [ -n "$kver" ] && [ -n "$names" ]; then
			# One apt-cache call for all of them (each call reads the whole cache).
			abi=$(apt-cache show $(sed 's/$/:arm64/' <<<"$names") 2>/dev/null |
				awk -v v="$kver" '/^Package: / { p = $2 } !found && $0 == "Version: " v { print p; found = 1 }' |
				sed 's/^linux-image-//; s/-arm64$//')
		fi
		if [ -z "$abi" ]; then
			abi=$(head -n1 <<<"$names" | sed 's/^linux-image-//; s/-arm64$//')
			[ -z "$abi" ] || echo "corpus: release $abi, the newest linux-image-*-arm64 apt knows" >&2
		fi
	fi
	[ -z "$abi" ] || [ -z "$kver" ] ||
		echo "corpus: release $abi ($kver), the kernel of debian-installer-12-netboot-arm64" >&2
fi
if [ -z "$abi" ]; then
	abi=$(find "$out" -mindepth 2 -maxdepth 2 -name stamp -printf '%h\n' 2>/dev/null |
		xargs -r -n1 basename | sort -V | tail -n1)
	[ -z "$abi" ] || echo "corpus: release $abi, cached in $out (apt knows none)" >&2
fi
if [ -z "$abi" ]; then
	echo "corpus: no linux-image-<abi>-arm64 known to apt (apt-get update?)" >&2
	exit 1
fi
dir=$out/$abi
if [ -f "$dir/stamp" ]; then
	echo "$dir"
	exit 0
fi

# The foreign architectures must be known to dpkg and apt's lists.
SUDO=()
[ "$(id -u)" -ne 0 ] && SUDO=(sudo)
for arch in arm64 armhf; do
	foreign=$(dpkg --print-foreign-architectures)
	if [ "$(dpkg --print-architecture)" != "$arch" ] && ! grep -qx "$arch" <<<"$foreign"; then
		echo "corpus: adding dpkg architecture $arch (dpkg --add-architecture)" >&2
		"${SUDO[@]}" dpkg --add-architecture "$arch"
		"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >&2
	fi
done

rm -rf "$dir"
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/VERSIONS"
for flavour in arm64:arm64 armmp:armhf; do
	name=${flavour%%:*} arch=${flavour##*:}
	pkg=linux-image-$abi-$name
	"$top/scripts/deb-download.sh" "$tmp" "$pkg:$arch" >&2
	deb=$(compgen -G "$tmp/${pkg}_*.deb" | head -n1 || true)
	[ -n "$deb" ] || { echo "corpus: $pkg:$arch was not downloaded" >&2; exit 1; }
	mkdir -p "$tmp/x"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" --wildcards './usr/lib/linux-image-*/*'
	mkdir -p "$dir/$name"
	# usr/lib/linux-image-<abi>-<flavour>/[<vendor>/]<board>.dtb
	(cd "$tmp/x/usr/lib"/linux-image-* && find . -name '*.dtb' -print0 |
		cpio -0 -pdm --quiet "$dir/$name")
	echo "$pkg:$arch $(dpkg-deb -f "$deb" Version): $(find "$dir/$name" -name '*.dtb' | wc -l) DTBs" \
		>>"$tmp/VERSIONS"
	rm -rf "$tmp/x" "$deb"
done
mv "$tmp/VERSIONS" "$dir/VERSIONS"
touch "$dir/stamp"
cat "$dir/VERSIONS" >&2
echo "$dir"
