#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tools/board-dtb.sh [--overlay FILE] BOARD_DIR HW_DIR PLAN OUT.dtb
# The board DT: the board's board.dts (which includes the hardware DT found
# in HW_DIR), then the overlay FILE if given (what QEMU needs and a real
# board's firmware would provide, boards/*/qemu.dtsi), with the partition
# plan PLAN on top, compiled by dtc into OUT.dtb. The Makefile and the
# integration tests both build it here.
#
# A plan is a .dts file, and device-tree authors start one with `/dts-v1/;`.
# dtc takes that header only at the very start of its input, so the plan is
# included through a copy (beside OUT) where the header is blanked out on its
# own line: line and column numbers stay those of the user's file, and dtc's
# messages are rewritten to name it. An overlay (`/plugin/;`) is a different
# thing (applied to a DT at run time, with its own fragment syntax): it is
# refused with one line naming the plan.
set -euo pipefail

overlay=
if [ "${1:-}" = --overlay ]; then
	overlay=$2
	shift 2
fi
[ $# -eq 4 ] || { sed -n '4,9s/^# \{0,1\}//p' "$0" >&2; exit 2; }
board_dir=$1 hw_dir=$2 plan=$3 out=$4

[ -f "$plan" ] || { echo "$plan: no such plan file" >&2; exit 1; }
if grep -q '^[[:space:]]*/plugin/[[:space:]]*;' "$plan"; then
	echo "$plan: a plan is a plain .dts fragment, not an overlay: drop '/plugin/;'" \
		"and write the /tessera node as in docs/binding.md" >&2
	exit 1
fi

dir=$(dirname "$out")
mkdir -p "$dir"
copy=$dir/plan-$(basename "$plan")
# Same length, so every later column on that line stays where it was.
sed 's|/dts-v1/\([[:space:]]*\);|        \1 |' "$plan" >"$copy"
{
	printf '/include/ "%s"\n' "$(cd "$board_dir" && pwd)/board.dts"
	[ -z "$overlay" ] || printf '/include/ "%s"\n' "$(cd "$(dirname "$overlay")" && pwd)/$(basename "$overlay")"
	printf '/include/ "%s"\n' "$(cd "$dir" && pwd)/$(basename "$copy")"
} >"$dir/merged.dts"

# The plan's own /include/s resolve beside the plan, then in the board's
# folder (linux-kernel.dtsi), then with the hardware DT.
err=$dir/dtc.err
if dtc -q -I dts -O dtb -i "$(dirname "$plan")" -i "$board_dir" -i "$hw_dir" \
	-o "$out" "$dir/merged.dts" 2>"$err"; then
	rm -f "$err"
	exit 0
fi
sed -e "s|$(cd "$dir" && pwd)/$(basename "$copy")|$plan|g" -e "s|$copy|$plan|g" "$err" >&2
rm -f "$err" "$out"
exit 1
