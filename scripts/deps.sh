#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# scripts/deps.sh ARCH
# Make sure the Debian packages the build needs are installed; install the
# missing ones with apt-get (sudo when not root) and say so. Quiet and fast
# when everything is already there.
set -euo pipefail

arch=${1:-arm64}

# Cross compilers: arm64 (hypervisor, guests, Linux modules); arm32: the
# hypervisor and Linux modules with the Linux hard-float EABI compiler (it
# links Debian's armhf libfdt), the bare-metal guests with arm-none-eabi
# (arch/arm32/arch.mk says why).
pkgs=(gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-arm-none-eabi
      qemu-system-arm u-boot-qemu u-boot-tools device-tree-compiler libfdt-dev cpio e2fsprogs
      xz-utils)
# gnuplot draws `make bench`'s latency chart (tools/bench-latency.gp): the
# -nox build, without X11 terminals; its pngcairo terminal is all that is used.
pkgs+=(gnuplot-nox)
# clang and its compiler-rt (libFuzzer, ASan, UBSan runtimes) build the
# config-engine fuzzer (tests/fuzz/fuzz.mk); libclang-rt-dev follows the
# default clang (14 on Debian 12) and is not pulled in without recommends.
pkgs+=(clang libclang-rt-dev)

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive

# Which packages are missing? One dpkg-query call for all of them; packages
# dpkg has never heard of are reported on stderr and simply not listed.
declare -A ok=()
while read -r name status; do
	[ "$status" = "install ok installed" ] && ok[$name]=1
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${pkgs[@]}" 2>/dev/null || true)

missing=()
for p in "${pkgs[@]}"; do
	[ -n "${ok[$p]:-}" ] || missing+=("$p")
done

# The target libfdt is fetched with `apt-get download libfdt-dev:$arch`,
# which needs the foreign architecture known to dpkg (and apt's lists).
need_arch=0
native=$(dpkg --print-architecture)
if [ "$arch" != "$native" ] && ! grep -qx "$arch" <<<"$(dpkg --print-foreign-architectures)"; then
	need_arch=1
fi

if [ "${#missing[@]}" -eq 0 ] && [ "$need_arch" -eq 0 ]; then
	exit 0
fi

if [ "$need_arch" -eq 1 ]; then
	echo "deps: adding dpkg architecture $arch (dpkg --add-architecture)"
	"${SUDO[@]}" dpkg --add-architecture "$arch"
fi

# One apt-get update for all of it (also refreshes the lists for the new
# foreign architecture).
if [ "${#missing[@]}" -gt 0 ]; then
	echo "deps: installing ${missing[*]} (apt-get)"
fi
# A mirror caught mid-sync fails one list, not the ones needed: go on and
# let the install (or the download) say what is really missing.
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null ||
	echo "deps: apt-get update reported errors (above); trying anyway"
if [ "${#missing[@]}" -gt 0 ]; then
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi
