#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/integration/run.sh [scenario ...]
# Runs integration scenarios (default: tests/integration/scenarios/*.sh) one
# after the other and prints `PASS: <scenario>` or `FAIL: <scenario>: <why>`
# for each (plus, on failure, the last 40 lines of its log, indented).
# Logs: build/<board>/test-logs/<scenario>.log. BOARD from the environment;
# with TAG=<tag> set too, results read `PASS: <scenario> [<tag>]` (a second
# board's run stays apart from the first in scripts/test.sh's output).
#
# A scenario is a bash file sourced here. It sets:
#   PLAN=<plan.dts>          plan fragment appended to the board DT
#   MODE=direct|uboot|fit|sdcard  how QEMU boots (tools/qemu-run.sh --mode);
#                            fit boots the plan's tessera.itb (`make fit`),
#                            sdcard the plan's card image (`make sdcard`)
#   TIMEOUT=<s>              QEMU time limit (default 60)
#   EXPECT=( ... )           substrings that must each appear on the console
#   EXPECT_ORDER=( ... )     substrings that must appear in this order
#   FORBID=( ... )           substrings that must not appear; always also
#                            `panic`, `FAIL:` and `Unhandled`
#   ALLOW=( ... )            lines holding one of these are exempt from the
#                            forbidden ones (a fault the scenario provokes)
#   STOP_ON="text"           stop QEMU once a line contains text (status 0)
#   BUILD_DTB=<function>     boot with a DTB the function writes to "$1"
#                            instead of the plan's (board_dtb PLAN OUT helps)
#   CHECK_ONLY=1 with EXPECT_CHECK_FAIL=( ... ): only run `make check` on a
#                            bad plan; it must fail, printing those substrings
#   CHECK_ONLY=1 with EXPECT_CHECK=( ... ): `make check` must accept the plan
#                            and print those substrings (MAKE_ARGS: more
#                            make variables, e.g. HW=1)
#   BOARDS=( glob ... )      the boards it is for (default: every board); on
#                            another board it is skipped (a "skip:" line)
# Scenarios can read BOARD and ARCH (the board's, arm64 or arm32).
# Exit status: 0 when every scenario passed, 1 otherwise.
set -uo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
BOARD=${BOARD:-qemu-virt-arm64}
B=build/$BOARD
LOGDIR=$B/test-logs
SCEN_DIR=tests/integration/scenarios
BOARD_MK=boards/$BOARD/board.mk
DEFAULT_FORBID=("panic" "FAIL:" "Unhandled")

if [ ! -f "$BOARD_MK" ]; then
	echo "FAIL: integration: unknown board '$BOARD'"
	exit 1
fi
mkdir -p "$LOGDIR"

# The Makefile's PLAN_ID:
#   $(subst /,_,$(subst ../,,$(patsubst %.dts,%,$(PLAN))))
plan_id() {
	local p=$1
	p=${p%.dts}
	p=${p//..\//}
	printf '%s\n' "${p//\//_}"
}

mkvar_in() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*[:?]\{0,1\}=[[:space:]]*//p" "$2" |
		tail -n1 | sed 's/[[:space:]]*$//'
}
ARCH=$(mkvar_in ARCH "platforms/$(mkvar_in PLATFORM "$BOARD_MK")/platform.mk")
export ARCH

mkvar() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*[:?]\{0,1\}=[[:space:]]*//p" "$BOARD_MK" |
		tail -n1 | sed 's/[[:space:]]*$//'
}

# board_dtb PLAN OUT: the board DT + PLAN, compiled exactly as the Makefile's
# $(P)/board.dtb rule does (tools/board-dtb.sh; the hardware DT must have
# been built, which any `make check` does).
board_dtb() {
	local hw
	hw=$(mkvar HW_DTS)
	if [ ! -f "$B/hw/$hw" ]; then
		echo "board_dtb: $B/hw/$hw missing" >&2
		return 1
	fi
	tools/board-dtb.sh "boards/$BOARD" "$B/hw" "$1" "$2"
}

# Print the last 40 lines of a log, indented (never at column 0, so that
# guest `PASS:`/`FAIL:` lines are not counted by scripts/test.sh).
tail_log() {
	echo "  --- last 40 lines of $1 ---"
	tail -n 40 "$1" | sed 's/^/  /'
}

# verdict NAME LOG [REASON...]: PASS when there are no reasons.
verdict() {
	local name=$1 log=$2 r msg=
	shift 2
	if [ $# -eq 0 ]; then
		echo "PASS: $name"
		return 0
	fi
	for r in "$@"; do
		msg+="${msg:+; }$r"
	done
	echo "FAIL: $name: $msg"
	tail_log "$log"
	return 1
}

# run_scenario FILE: runs in a subshell (scenario variables stay local).
# Prints the PASS/FAIL line; exit status 0 on pass.
run_scenario() {
	local file=$1 name base log console
	base=$(basename "$file" .sh)
	name=$base${TAG:+ [$TAG]}
	log=$LOGDIR/$base.log
	console=$LOGDIR/$base.console
	: >"$log"
	rm -f "$console"

	PLAN= MODE=direct TIMEOUT=60 CHECK_ONLY=0 BUILD_DTB= STOP_ON= MAKE_ARGS=
	EXPECT=() EXPECT_ORDER=() FORBID=() ALLOW=() EXPECT_CHECK_FAIL=() EXPECT_CHECK=() BOARDS=()
	# shellcheck disable=SC1090
	source "$file" || { echo "FAIL: $name: cannot source $file"; return 1; }
	if [ -z "$PLAN" ]; then
		echo "FAIL: $name: scenario sets no PLAN"
		return 1
	fi
	if [ "${#BOARDS[@]}" -gt 0 ]; then
		local b for_us=0
		for b in "${BOARDS[@]}"; do
			# shellcheck disable=SC2053 # a glob on purpose
			[[ $BOARD == $b ]] && for_us=1
		done
		if [ "$for_us" = 0 ]; then
			echo "skip: $name: only on ${BOARDS[*]}"
			return 0
		fi
	fi

	local reasons=() rc s
	echo "== make -s BOARD=$BOARD PLAN=$PLAN $MAKE_ARGS all" >>"$log"
	# shellcheck disable=SC2086 # MAKE_ARGS is words on purpose
	make -s BOARD="$BOARD" PLAN="$PLAN" $MAKE_ARGS all </dev/null >>"$log" 2>&1
	rc=$?

	if [ "$CHECK_ONLY" = 1 ]; then
		if [ "$rc" -eq 0 ] && [ "${#EXPECT_CHECK_FAIL[@]}" -gt 0 ]; then
			reasons+=("make check accepted a bad plan")
		elif [ "$rc" -ne 0 ] && [ "${#EXPECT_CHECK_FAIL[@]}" -eq 0 ]; then
			reasons+=("make check refused the plan (exit $rc)")
		fi
		for s in "${EXPECT_CHECK_FAIL[@]}" "${EXPECT_CHECK[@]}"; do
			grep -qF -e "$s" "$log" || reasons+=("missing in check output: $s")
		done
		verdict "$name" "$log" "${reasons[@]}"
		return
	fi

	if [ "$rc" -ne 0 ]; then
		echo "FAIL: $name: make check failed (exit $rc)"
		tail_log "$log"
		return 1
	fi

	local id p dtb pack
	id=$(plan_id "$PLAN")
	p=$B/plans/$id
	dtb=$p/board.dtb
	pack=$p/images.pack
	if [ -n "$BUILD_DTB" ]; then
		dtb=$LOGDIR/$base.d/board.dtb
		echo "== $BUILD_DTB $dtb" >>"$log"
		if ! "$BUILD_DTB" "$dtb" >>"$log" 2>&1; then
			echo "FAIL: $name: $BUILD_DTB failed"
			tail_log "$log"
			return 1
		fi
	fi

	if [ "$MODE" = sdcard ]; then
		echo "== make -s BOARD=$BOARD PLAN=$PLAN sdcard" >>"$log"
		if ! make -s BOARD="$BOARD" PLAN="$PLAN" sdcard </dev/null >>"$log" 2>&1; then
			echo "FAIL: $name: make sdcard failed"
			tail_log "$log"
			return 1
		fi
	fi
	local fit=$p/tessera.itb
	if [ "$MODE" = fit ] && [ -n "$BUILD_DTB" ]; then
		fit=$LOGDIR/$base.d/tessera.itb
		echo "== tools/mkfit.sh -o $fit" >>"$log"
		if ! tools/mkfit.sh --board-mk "$BOARD_MK" --hyp "$B/tessera.bin" --dtb "$dtb" \
			--pack "$pack" -o "$fit" >>"$log" 2>&1; then
			echo "FAIL: $name: tools/mkfit.sh failed"
			tail_log "$log"
			return 1
		fi
	fi

	echo "== tools/qemu-run.sh --mode $MODE --dtb $dtb --pack $pack --fit $fit (TIMEOUT=$TIMEOUT)" >>"$log"
	TIMEOUT=$TIMEOUT STOP_ON=$STOP_ON tools/qemu-run.sh --board-mk "$BOARD_MK" \
		--mode "$MODE" --hyp "$B/tessera.bin" --dtb "$dtb" --pack "$pack" --fit "$fit" \
		--sdcard "$p/sdcard.img" --log "$console" </dev/null >/dev/null 2>&1
	rc=$?
	[ -f "$console" ] && cat "$console" >>"$log"
	touch "$console"

	# Judge the console output only (not the build output).
	case $rc in
	0) ;;
	124) reasons+=("timed out after $TIMEOUT s") ;;
	1) grep -qF panic "$console" || reasons+=("exit status 1") ;;
	*) reasons+=("exit status $rc") ;;
	esac
	local judged=$console
	if [ ${#ALLOW[@]} -gt 0 ]; then
		judged=$console.judged
		grep -vF "${ALLOW[@]/#/-e}" "$console" >"$judged"
	fi
	for s in "${DEFAULT_FORBID[@]}" "${FORBID[@]}"; do
		if grep -qF -e "$s" "$judged"; then
			reasons+=("forbidden line seen: $(grep -F -m1 -e "$s" "$judged")")
		fi
	done
	for s in "${EXPECT[@]}"; do
		grep -qF -e "$s" "$console" || reasons+=("missing line: $s")
	done
	local at=0 n
	for s in "${EXPECT_ORDER[@]}"; do
		n=$(tail -n "+$((at + 1))" "$console" | grep -nF -m1 -e "$s" | cut -d: -f1)
		if [ -z "$n" ]; then
			if grep -qF -e "$s" "$console"; then
				reasons+=("out of order: $s")
			else
				reasons+=("missing line: $s")
			fi
			break
		fi
		at=$((at + n))
	done
	rm -f "$console" "$console.judged"

	verdict "$name" "$log" "${reasons[@]}"
}

scenarios=()
if [ $# -eq 0 ]; then
	scenarios=("$SCEN_DIR"/*.sh)
else
	for a in "$@"; do
		if [ -f "$a" ]; then
			scenarios+=("$a")
		elif [ -f "$SCEN_DIR/$a.sh" ]; then
			scenarios+=("$SCEN_DIR/$a.sh")
		elif [ -f "$SCEN_DIR/$a" ]; then
			scenarios+=("$SCEN_DIR/$a")
		else
			echo "FAIL: $a${TAG:+ [$TAG]}: no such scenario"
			scenarios+=("")
		fi
	done
fi

failed=0
for s in "${scenarios[@]}"; do
	if [ -z "$s" ]; then
		failed=1
		continue
	fi
	(run_scenario "$s") || failed=1
done
exit "$failed"
