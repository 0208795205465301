# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2034 # the LX_ variables are for the scripts that source this
#
# guests/linux/lib.sh: sourced by the Linux guest's scripts; what differs
# between the Debian architectures the guest is built for, in one place.
#
# lx_arch DEB_ARCH sets
#   LX_KARCH      the kernel's ARCH= (for building modules)
#   LX_CROSS      CROSS_COMPILE for modules (Debian's gcc-<arch-triplet>)
#   LX_KFILE      the kernel file fetch-linux.sh writes: Image (raw arm64
#                 Image) or zImage (self-decompressing arm32 zImage)
#   LX_DI_KERNEL  the kernel's path below images/12/<arch>/ in
#                 debian-installer-12-netboot-<arch>
# or fails for an architecture the guest is not built for.
#
# lx_release KERNEL prints the kernel release ("6.1.0-50-arm64") of an
# Image (the "Linux version" string is in the clear) or a zImage (it is in
# the compressed payload: each xz or gzip stream in the file is tried).
# Debian's release is <abi>-<flavour>: 6.1.0-50 and arm64, armmp (or
# armmp-lpae, with LINUX_PKG=linux-image-6.1.0-50-armmp-lpae:armhf); the
# modules and headers packages are named after it.

lx_arch() {
	case "$1" in
	arm64)
		LX_KARCH=arm64 LX_CROSS=aarch64-linux-gnu- LX_KFILE=Image
		LX_DI_KERNEL=text/debian-installer/arm64/linux
		;;
	armhf)
		LX_KARCH=arm LX_CROSS=arm-linux-gnueabihf- LX_KFILE=zImage
		LX_DI_KERNEL=text/debian-installer/armhf/vmlinuz
		;;
	*)
		echo "$(basename "$0"): no Linux guest for Debian architecture '$1' (arm64, armhf)" >&2
		return 1
		;;
	esac
}

# The release in a "Linux version <release> ..." string on stdin.
lx_release_of() {
	LC_ALL=C grep -a -m1 -o 'Linux version [^ ]*' | head -n1 | cut -d' ' -f3
}

lx_release() {
	local f=$1 r off magic dec
	r=$(lx_release_of <"$f" || true)
	if [ -n "$r" ]; then
		echo "$r"
		return 0
	fi
	# A zImage: the decompressor, then the compressed kernel (xz for
	# Debian's armmp; gzip is tried too). The magic may also occur by
	# chance before the real stream; each candidate is tried.
	for magic in xz gzip; do
		case $magic in
		xz) dec=(xz -dc --single-stream) ;;
		gzip) dec=(gzip -dc) ;;
		esac
		if ! command -v "${dec[0]}" >/dev/null; then
			echo "$(basename "$0"): '${dec[0]}' is needed to read the release of $f" >&2
			continue
		fi
		while read -r off; do
			r=$(tail -c +$((off + 1)) "$f" | "${dec[@]}" 2>/dev/null | lx_release_of || true)
			if [ -n "$r" ]; then
				echo "$r"
				return 0
			fi
		done < <(LC_ALL=C grep -a -b -o \
			"$([ $magic = xz ] && printf '\3757zXZ' || printf '\037\213\010')" "$f" |
			cut -d: -f1)
	done
	return 1
}

# lx_image_deb ARCH RELEASE DIR prints the path of linux-image-RELEASE:ARCH,
# DIR/linux-image-RELEASE.deb, downloading it the first time: the kernel's
# modules (fetch-modules.sh) and device trees (fetch-dtbs.sh) come from it,
# for every board of the architecture, with one download.
lx_image_deb() {
	local arch=$1 kver=$2 dir=$3 deb f tmp
	deb=$dir/linux-image-$kver.deb
	if [ ! -f "$deb" ]; then
		tmp=$(mktemp -d)
		"$(dirname "${BASH_SOURCE[0]}")/../../scripts/deb-download.sh" "$tmp" \
			"linux-image-$kver:$arch" >&2
		f=$(compgen -G "$tmp/linux-image-${kver}_*.deb" | head -n1 || true)
		if [ -z "$f" ]; then
			rm -rf "$tmp"
			echo "lx_image_deb: linux-image-$kver:$arch was not downloaded" >&2
			return 1
		fi
		mkdir -p "$dir"
		mv "$f" "$deb.tmp" && mv "$deb.tmp" "$deb"
		rm -rf "$tmp"
	fi
	echo "$deb"
}
