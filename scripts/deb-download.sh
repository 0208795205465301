#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# scripts/deb-download.sh DIR PKG...: `apt-get download` Debian packages
# (e.g. libfdt-dev:arm64) into DIR, which must exist. If the download fails,
# most likely because the package lists lack a foreign architecture, run
# `apt-get update` (through sudo when not root) once and try again.
set -euo pipefail

[ $# -ge 2 ] || { echo "usage: $0 DIR PKG..." >&2; exit 2; }
dir=$1
shift
SUDO=()
[ "$(id -u)" -ne 0 ] && SUDO=(sudo)
# apt-get download as root drops privileges to _apt; let it write here.
chmod 0777 "$dir"

download() {
	(cd "$dir" && apt-get download -qq "$@" </dev/null) 2>"$dir/.err"
}
echo "deb-download: apt-get download $*"
if ! download "$@"; then
	echo "deb-download: download failed; running apt-get update and retrying"
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
	if ! download "$@"; then
		grep -v 'sandbox' "$dir/.err" >&2 || true
		echo "deb-download: cannot download $*" >&2
		exit 1
	fi
fi
rm -f "$dir/.err"
