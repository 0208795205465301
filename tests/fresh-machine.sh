#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/fresh-machine.sh (`make fresh-check`): the README's two commands on a
# freshly installed Debian 12, as a new user meets them.
#
# Builds a throwaway Debian 12 root file system with debootstrap (minbase plus
# make, gcc and git, nothing else) from the Debian mirror in this machine's
# own apt sources, clones this repository's HEAD into it, and in a chroot
# (with /proc, /sys and /dev mounted) runs exactly `make run` and then
# `make test`, with no terminal, as CI would. It passes only if
#   - the first `make run` shows the ticker's PASS line and the Linux shell
#     prompt (without a terminal `make run` stops after TIMEOUT seconds,
#     README: its exit status is not the verdict, its console is), and
#   - the first `make test` ends with `N passed, 0 failed` and exits 0.
# Otherwise it prints the first failing step and the end of its log.
#
# Needs root (re-runs itself through sudo otherwise) and Debian's mirror.
# The debootstrapped base is cached as a tarball in $FRESH_DIR (default
# /var/tmp/tessera-fresh-check), so a rerun costs the two commands only;
# FRESH_KEEP=1 keeps the chroot afterwards for a look inside. Too slow for
# .ci/run (20-30 minutes): run it before resolving an issue that changes the
# build, the dependencies or a QEMU command line.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD

if [ "$(id -u)" -ne 0 ]; then
	echo "fresh-check: needs root for debootstrap and chroot; re-running with sudo"
	exec sudo -E "$0" "$@"
fi

SUITE=bookworm
dir=${FRESH_DIR:-/var/tmp/tessera-fresh-check}
root=$dir/root
logs=$dir/logs
base=$dir/base-$SUITE-minbase.tar
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n== fresh-check: %s\n' "$*"; }
fail() {
	echo "FAIL: fresh-check: $*"
	exit 1
}

# The Debian mirror (and security archive) this machine's apt uses: the
# URIs of its one-line (.list) and deb822 (.sources) entries, the first
# whose path ends in /debian (and /debian-security).
apt_uris() {
	{
		cat /etc/apt/sources.list 2>/dev/null || true
		cat /etc/apt/sources.list.d/*.list 2>/dev/null || true
	} | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }'
	cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }'
}
mirror=$(apt_uris | grep -E '/debian/?$' | head -n1 | sed 's|/$||')
security=$(apt_uris | grep -E '/debian-security/?$' | head -n1 | sed 's|/$||')
[ -n "$mirror" ] || fail "no Debian mirror (a URI ending in /debian) in /etc/apt/sources.list*"

cleanup() {
	local m
	# Deepest mounts first; never leave the host's /dev bound in a tree
	# that `rm -rf` will walk.
	for m in $(awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r); do
		umount -l "$m" 2>/dev/null || true
	done
	if [ "${FRESH_KEEP:-0}" != 1 ] && ! awk -v r="$root" 'index($2, r) == 1 { f = 1 } END { exit !f }' /proc/mounts; then
		rm -rf "$root"
	fi
}
trap cleanup EXIT
mkdir -p "$dir" "$logs"
cleanup

# 1. The base system, once: debootstrap minbase + make gcc git.
if [ ! -f "$base" ]; then
	step "debootstrap $SUITE (minbase, make gcc git) from $mirror"
	command -v debootstrap >/dev/null || {
		apt-get update -qq </dev/null || true
		apt-get install -y -qq --no-install-recommends debootstrap </dev/null
	}
	rm -rf "$root"
	debootstrap --variant=minbase --include=make,gcc,git "$SUITE" "$root" "$mirror" \
		>"$logs/debootstrap.log" 2>&1 || {
		tail -n 20 "$logs/debootstrap.log"
		fail "debootstrap failed (log: $logs/debootstrap.log)"
	}
	{
		echo "deb $mirror $SUITE main"
		echo "deb $mirror $SUITE-updates main"
		[ -z "$security" ] || echo "deb $security $SUITE-security main"
	} >"$root/etc/apt/sources.list"
	rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
	tar -C "$root" -cf "$base.tmp" . && mv "$base.tmp" "$base"
	rm -rf "$root"
fi

step "a new machine from $base"
mkdir -p "$root"
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"

step "git clone of $repo at $(git -C "$repo" rev-parse --short HEAD)"
git clone -q --no-local "$repo" "$root/root/tessera"
if [ -n "$(git -C "$repo" status --porcelain)" ]; then
	echo "fresh-check: note: uncommitted changes in $repo are not part of this check"
fi

# in_chroot LOG CMD: run CMD in the clone as a new user's shell would, with
# no terminal, output to LOG and, indented, to stdout.
in_chroot() {
	local log=$1
	shift
	chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/bash -c "cd /root/tessera && $*" </dev/null 2>&1 | tee "$log" | sed 's/^/  | /'
	return "${PIPESTATUS[0]}"
}

step "make run (first time, no terminal)"
rc=0
in_chroot "$logs/make-run.log" make run || rc=$?
tr -d '\r' <"$logs/make-run.log" >"$logs/make-run.txt"
missing=()
grep -q '^\[ticker\] PASS: ticker' "$logs/make-run.txt" || missing+=("the ticker's PASS line")
grep -q '^\[linux\] linux:/# ' "$logs/make-run.txt" || missing+=("the Linux shell prompt")
grep -q 'panic' "$logs/make-run.txt" && missing+=("no panic")
if [ "${#missing[@]}" -gt 0 ]; then
	fail "make run (exit $rc) did not show: ${missing[*]} (log: $logs/make-run.log)"
fi
echo "PASS: fresh-check: make run (exit $rc: stopped after TIMEOUT, as without a terminal it must)"

step "make test (first time)"
rc=0
in_chroot "$logs/make-test.log" make test || rc=$?
last=$(tail -n1 "$logs/make-test.log")
if [ "$rc" -ne 0 ] || ! [[ $last =~ ^[0-9]+\ passed,\ 0\ failed$ ]]; then
	grep -m1 '^FAIL:' "$logs/make-test.log" || true
	fail "make test exited $rc, last line '$last' (log: $logs/make-test.log)"
fi
echo "PASS: fresh-check: make test: $last"
