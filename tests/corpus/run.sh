#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/corpus/run.sh TCHECK PLANGEN CORPUS OUT
# `make corpus` (tests/corpus/corpus.mk): the plan checker over real board
# device trees. CORPUS holds Debian's kernel DTBs (tests/corpus/fetch.sh);
# PLANGEN (tests/corpus/plangen.c) writes plans into each one whose GIC has
# a virtualisation interface, and TCHECK (tcheck built with ASan and UBSan)
# checks each plan under `timeout`. Asserted for every plan:
#   - tcheck exits 0 (accepted) or 2 (refused): no crash, no sanitizer
#     report, no hang (CORPUS_TIMEOUT seconds, default 20: the slowest
#     run takes about a second on a busy machine), no leak;
#   - a refused plan's every stderr line is `<dtb>: /<node path>: <reason>`
#     (besides tcheck's closing `tcheck: refusing the plan: N problem(s)`,
#     whose N must be the number of those lines);
#   - an accepted plan wrote one guest DT per VM and `dtc -I dtb -O dts`
#     reads each without an error (its warnings go to the log).
# Prints one `FAIL: corpus: <dtb> <plan kind>: <why> (...)` line per kind of
# failure (with how many plans and boards show it, and a reproduction
# command), then the summary line (`PASS: corpus: ...` when nothing failed).
# OUT/corpus.log has what plangen added to each board, every plan's outcome,
# dtc's warnings and the refusal reasons by count; a failing plan's DTB and
# output are kept in OUT/failures/.
#
# Leak checking (LeakSanitizer, ~35 ms a run, as much as the rest of a
# run) is on for every plan of every eighth board (about 500 plans): the
# engine allocates nothing (it is linked into the freestanding
# hypervisor), so a leak can only come from tcheck's own paths (refused;
# accepted, with the pack and the guest DTs), which do not depend on the
# board. CORPUS_LEAKS=all checks every run.
#
# Each-device plans: a device shared by several boards (one SoC, many
# boards) is checked on one of them, and a board gets at most CORPUS_EACH
# (default 2) each-device plans; what it leaves goes to another board with
# the same device (plangen.c): about 5,700 of the 11,800 distinct devices
# in 1,500 plans, beside 2,100 rich-OS plans (3 per board, each costing as
# much as three each-device plans: the engine's rich-OS scan). About 290 s
# of CPU, under three minutes on two idle cores. CORPUS_EACH=all: every
# distinct device (4,200 each-device plans); CORPUS_ALL=1: every device of
# every board (15,500). CORPUS_JOBS (default 2) boards are checked in
# parallel.
set -uo pipefail

if [ "${1:-}" = --boards ]; then
	mode=boards
	shift
fi
tcheck=$1 plangen=$2 corpus=$3 out=$4
shift 4
timeout_s=${CORPUS_TIMEOUT:-20}
leaks=${CORPUS_LEAKS:-some}
plans=$out/plans
kdir=$out/kernel
fails=$out/failures
# Sanitizers: no recovery, an exit status of their own, leak reports in full.
export ASAN_OPTIONS=exitcode=99:abort_on_error=0:allocator_may_return_null=0:print_summary=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=98
export LSAN_OPTIONS=exitcode=97

# --- one board: every plan in $plans/<n>/plans.txt --------------------------
# Writes $d/results, one line per plan, tab-separated:
#   kind outcome file nvms what detail milliseconds
# outcome: accepted refused crash hang leak unexplained dtc
# $d/log (for corpus.log) and $d/reasons (every refusal reason). A plan
# costs two processes (timeout, tcheck) unless something needs a look.
check_board() {
	local d=$1 dtb="" file kind nvms what line notes=""
	: >"$d/results"
	: >"$d/reasons"
	while IFS= read -r line; do
		case $line in
		"dtb "*) dtb=${line#dtb } ;;
		"plangen: "*) notes+="   ${line#plangen: }"$'\n' ;;
		esac
	done <"$d/board.txt"
	printf '== %s\n%s' "${dtb#"$corpus"/}" "$notes" >"$d/log"
	[ -f "$d/plans.txt" ] || return 0
	while IFS=$'\t' read -r file kind nvms what; do
		check_plan
	done <"$d/plans.txt"
}

# result OUTCOME DETAIL: one line of $d/results for the current plan.
result() {
	local ms=$(((${EPOCHREALTIME/./} - ${t0/./}) / 1000))
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$1" "$file" "$nvms" "$what" "$2" "$ms" >>"$d/results"
	printf '   %-16s %-11s %-13s %5d ms  %s\n' "$kind" "$1" "$file" "$ms" "$2" >>"$d/log"
}

# keep: the plan and tcheck's output into $fails, for the reproduction.
keep() {
	local name=${dtb##*/}
	name=${name%.dtb}--${file%.dtb}
	mkdir -p "$fails"
	cp "$d/$file" "$fails/$name.dtb"
	cp "$d/err" "$fails/$name.stderr"
}

# run_tcheck LEAKS: tcheck on the plan; sets rc, stdout in $d/out, stderr in $d/err.
run_tcheck() {
	[ -d "$d/gdt" ] && rm -rf "$d/gdt"
	# The braces take bash's own "Segmentation fault" notice off our stderr.
	{
		ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=$1 timeout -k 5 "$timeout_s" "$tcheck" \
			--plan-dir "$d" --search "$kdir" --pack "$d/pack" --dt-out "$d/gdt" \
			"$d/$file" >"$d/out" 2>"$d/err"
		rc=$?
	} 2>/dev/null
}

# sanitizer_report: what a sanitizer said and where, shortened, or "".
sanitizer_report() {
	local what where
	what=$(grep -m1 -oE 'ERROR: (AddressSanitizer: [A-Za-z-]+|LeakSanitizer: [a-z ]+)|runtime error: .*' "$d/err")
	where=$(grep -m1 -oE 'in [A-Za-z_0-9]+ [^ ]*(core|tools|include)/[^ ]*' "$d/err" |
		sed -E 's#:[0-9:]*$##; s# [^ ]*/(core|tools|include)/# \1/#')
	echo "$what${where:+ in ${where#in }}"
}

# One plan ($d, $dtb, $file, $kind, $nvms, $what from check_board).
check_plan() {
	local leak=0 line rest path reason n=0 count="" sanitizer=0 leaked=0 bad="" first_reason=""
	local reasons="" prefix="$d/$file: " t0=$EPOCHREALTIME
	if [ "$leaks" = all ] || [ $((10#${d##*/} % 8)) -eq 0 ]; then
		leak=1
	fi
	run_tcheck "$leak"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		result hang "no answer within ${timeout_s}s"
		keep
		return
	fi

	# One pass over stderr: sanitizer reports, and each line of a refusal.
	while IFS= read -r line; do
		case $line in
		*"ERROR: LeakSanitizer"*) leaked=1 ;;
		*"ERROR: AddressSanitizer"* | *"runtime error:"*) sanitizer=1 ;;
		esac
		[ "$rc" -eq 2 ] && [ -z "$bad" ] || continue
		if [[ $line =~ ^tcheck:\ refusing\ the\ plan:\ ([0-9]+)\ problem\(s\)$ ]]; then
			count=${BASH_REMATCH[1]}
			continue
		fi
		rest=${line#"$prefix"}
		path=${rest%%: *}
		reason=${rest#*: }
		if [ "$rest" = "$line" ] || [[ $path != /* ]] || [[ $path == *' '* ]] ||
		   [ "$reason" = "$rest" ] || [[ ! $reason =~ [^[:space:]] ]]; then
			bad=${line//$'\t'/ }
			continue
		fi
		n=$((n + 1))
		[ -n "$first_reason" ] || first_reason=$rest
		reasons+=$reason$'\n'
	done <"$d/err"

	if [ "$leaked" = 1 ]; then
		result leak "$(sanitizer_report)"
		keep
		return
	fi
	if [ "$sanitizer" = 1 ] || { [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; }; then
		local why
		why=$(sanitizer_report)
		[ -n "$why" ] || why="exit status $rc"
		if [ "$rc" -gt 128 ] && [ "$rc" -lt 160 ]; then
			why="killed by signal $((rc - 128)); $why"
		fi
		result crash "$why"
		keep
		return
	fi
	if [ "$rc" -eq 2 ]; then
		if [ -n "$bad" ]; then
			result unexplained "a line that is not '<dtb>: /<node path>: <reason>': $bad"
		elif [ "$n" -eq 0 ]; then
			result unexplained "refused (exit 2) without a '<dtb>: /<node path>: <reason>' line"
		elif [ -n "$count" ] && [ "$count" -ne "$n" ]; then
			result unexplained "tcheck counts $count problem(s) but explains $n"
		else
			printf '%s' "$reasons" >>"$d/reasons"
			result refused "$n problem(s), first: $first_reason"
			return
		fi
		keep
		return
	fi

	# Accepted: one guest DT per VM, each readable by dtc (warnings logged).
	local g gdts=0 base warn warnings=0 name=${dtb##*/}
	for g in "$d"/gdt/*.dtb; do
		[ -e "$g" ] || continue
		gdts=$((gdts + 1))
		base=${g##*/}
		if ! warn=$(dtc -I dtb -O dts -o /dev/null "$g" 2>&1); then
			while IFS= read -r line; do
				if [[ $line == *[Ee][Rr][Rr][Oo][Rr]* ]]; then
					bad+=" $base: $line"
					break
				fi
			done <<<"$warn"
			[ -n "$bad" ] || bad+=" $base: dtc exits non-zero"
			mkdir -p "$fails"
			cp "$g" "$fails/${name%.dtb}--${file%.dtb}--$base"
		fi
		if [ -n "$warn" ]; then
			while IFS= read -r line; do
				printf '      dtc %s: %s\n' "$base" "$line"
			done <<<"$warn" >>"$d/log"
		fi
	done
	while IFS= read -r line; do
		[[ $line == "tcheck: warning: "* ]] && warnings=$((warnings + 1))
		printf '      %s\n' "$line"
	done <"$d/err" >>"$d/log"
	if [ -n "$bad" ]; then
		result dtc "guest DT rejected by dtc:$bad"
		keep
	elif [ "$gdts" -ne "$nvms" ]; then
		result dtc "accepted, but $gdts guest DT(s) written for $nvms VM(s)"
		keep
	else
		result accepted "$nvms VM(s); $warnings warning(s) from tcheck"
	fi
}

if [ "${mode:-}" = boards ]; then
	junk=()
	for d in "$@"; do
		check_board "$d"
		[ -f "$d/plans.txt" ] && junk+=("$d"/*.dtb "$d/pack" "$d/out" "$d/err" "$d/gdt")
	done
	# The plans and what tcheck wrote: a failure's are in $fails.
	[ "${#junk[@]}" -eq 0 ] || rm -rf "${junk[@]}"
	exit 0
fi

# --- the whole corpus ---------------------------------------------------------
start=$SECONDS
rm -rf "$plans" "$fails" "$out/failures.tsv"
mkdir -p "$plans" "$kdir"
# The dummy guest every plan names (kernel = "testguest.bin", through --search).
head -c 4096 /dev/zero >"$kdir/testguest.bin"

mapfile -t dtbs < <(find "$corpus" -name '*.dtb' | LC_ALL=C sort)
if [ "${#dtbs[@]}" -eq 0 ]; then
	echo "FAIL: corpus: no DTBs in $corpus"
	exit 1
fi
each=(-c "${CORPUS_EACH:-2}")
[ "${CORPUS_EACH:-2}" = all ] && each=()
[ -n "${CORPUS_ALL:-}" ] && each=(-a)
# plangen names each board's folder when it is written: the checks start
# on the first ones while it writes the rest.
"$plangen" "${each[@]}" -o "$plans" "${dtbs[@]}" 2>"$out/plangen.err" |
	xargs -P "${CORPUS_JOBS:-2}" -n 16 "$0" --boards "$tcheck" "$plangen" "$corpus" "$out"
ps=("${PIPESTATUS[@]}")
if [ "${ps[0]}" -ne 0 ]; then
	echo "FAIL: corpus: plangen failed: $(tail -n1 "$out/plangen.err")"
	exit 1
fi
check_s=$((SECONDS - start))

# --- the verdict --------------------------------------------------------------------
log=$out/corpus.log
{
	echo "corpus: $corpus ($(cat "$corpus/VERSIONS" 2>/dev/null | tr '\n' ';'))"
	cat "$plans"/*/log
	echo
	echo "== time: plans written and checked in ${check_s}s (${CORPUS_JOBS:-2} jobs); the slowest plans (ms):"
	awk -F'\t' '{ print $7 "\t" FILENAME "\t" $3 "\t" $1 }' "$plans"/*/results | sort -rn | sed -n 1,10p |
		while IFS=$'\t' read -r ms r f k; do
			printf '   %6d  %s %s (%s)\n' "$ms" "$(sed -n 's#^dtb .*/##p' "${r%/results}/board.txt")" "$f" "$k"
		done
	echo
	echo "== refusal reasons, by count (numbers and node names folded)"
	cat "$plans"/*/reasons 2>/dev/null |
		sed -E 's#/tessera/vm@[0-9]+#/tessera/vm@N#g; s#/[^ ]*@[0-9a-fA-F,]+[^ ]*#<node>#g; s#0x[0-9a-fA-F]+#0x..#g; s#[0-9]+#N#g' |
		sort | uniq -c | sort -rn
} >"$log"

# Summary counts and one FAIL line per kind of failure: the outcome plus
# the detail with numbers, hex and node paths folded; the first plan that
# shows it (in DTB order) is the example.
awk -F'\t' -v secs=$((SECONDS - start)) -v nr_dtbs="${#dtbs[@]}" \
	-v boards="$(grep -l '^devices ' "$plans"/*/board.txt | wc -l)" \
	-v devs="$(cat "$plans/devices.txt")" \
	-v tsv="$out/failures.tsv" '
function fold(s) {
	gsub(/0x[0-9a-fA-F]+/, "0x..", s)
	gsub(/\/[^ :]*/, "<path>", s)
	gsub(/[0-9]+/, "N", s)
	return s
}
{
	n[$2]++
	plans++
	if ($2 == "accepted" || $2 == "refused") {
		next
	}
	key = $2 ": " fold($6)
	if (!(key in count)) {
		order[++nk] = key
		example[key] = FILENAME "\t" $1 "\t" $3 "\t" $2 ": " $6
	}
	count[key]++
	if (!((key, FILENAME) in seen)) {
		seen[key, FILENAME] = 1
		nboards[key]++
	}
}
END {
	split(devs, dv, " ")
	for (i = 1; i <= nk; i++) {
		printf "%s\t%d\t%d\n", example[order[i]], count[order[i]], nboards[order[i]] > tsv
	}
	bad = n["crash"] + n["hang"] + n["leak"] + n["unexplained"] + n["dtc"]
	line = sprintf("corpus: %d DTBs (%d with a virtualisation-capable GIC), %d plans (%d of the %d distinct devices in each-device plans; %d devices on these boards): %d accepted, %d refused with a reason; %d crashes, %d hangs, %d leaks, %d unexplained refusals, %d guest DTs rejected by dtc (%ds)",
		nr_dtbs, boards, plans, dv[6], dv[4], dv[2], n["accepted"], n["refused"], n["crash"],
		n["hang"], n["leak"], n["unexplained"], n["dtc"], secs)
	print (bad ? "" : "PASS: ") line
}' "$plans"/*/results >"$out/summary"

status=0
while IFS=$'\t' read -r results kind file why count nboards; do
	status=1
	bdtb=$(sed -n 's/^dtb //p' "$(dirname "$results")/board.txt")
	name=$(sed 's#^.*/##; s#\.dtb$##' <<<"$bdtb")--${file%.dtb}
	echo "FAIL: corpus: ${bdtb#"$corpus"/} $kind: $why ($count plan(s) on $nboards board(s); reproduce: $tcheck --plan-dir $fails --search $kdir --dt-out /tmp/gdt $fails/$name.dtb)"
done < <(cat "$out/failures.tsv" 2>/dev/null)
cat "$out/summary"
# dtc's warnings on accepted plans' guest DTs: not failures, but worth a look.
warns=$(grep -ho '^      dtc [^:]*: [^:]*: Warning ([a-z_]*)' "$plans"/*/log 2>/dev/null |
	sed 's/.*Warning (\(.*\))/\1/' | sort | uniq -c | sort -rn | awk '{ printf "%s%s %d", (NR > 1 ? ", " : ""), $2, $1 }')
[ -z "$warns" ] || echo "corpus: dtc warnings in accepted guest DTs (not failures; see the log): $warns"
echo "corpus: log in $log"
exit $status
