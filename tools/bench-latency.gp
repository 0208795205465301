# SPDX-License-Identifier: Apache-2.0
#
# tools/bench-latency.gp: the interrupt-latency chart of `make bench`
# (tools/bench.sh calls it). The distribution of the virtual timer IRQ
# latency, natively and under Tessera, with the guest polling (idle) and
# with the guest busy in trapped GICD reads, as cumulative distributions
# (the fraction of samples at or below each latency): all four on a log
# scale on the left, Tessera's two close up on the right.
#
#   gnuplot -e "dir='build/bench/<board>'; board='<board>'; out='<png>'" tools/bench-latency.gp
#
# dir holds one sample per line (counter ticks = instructions) in
# timer-irq-{native,tessera}.dat and timer-irq-busy-{native,tessera}.dat.

if (!exists("dir") || !exists("board") || !exists("out")) {
	print "usage: gnuplot -e \"dir='...'; board='...'; out='...'\" tools/bench-latency.gp"
	exit status 2
}

set terminal pngcairo size 1400,660 font "sans,11" noenhanced
set output out

count(f) = system(sprintf("wc -l < '%s'", f)) + 0
# The cumulative distribution of a sample file as steps: (x0, 0), then each
# distinct latency with the fraction of samples at or below it, then (x1, 1).
cdf(f, x0, x1) = sprintf("< sort -n '%s' | uniq -c | awk -v n=%d -v x0=%d -v x1=%d " . \
	"'BEGIN { print x0, 0 } { c += $1; print $2, c / n } END { print x1, 1 }'", \
	f, count(f), x0, x1)
label(what, f) = sprintf("%s: %d samples", what, count(f))

f_ni = dir."/timer-irq-native.dat"
f_nb = dir."/timer-irq-busy-native.dat"
f_ti = dir."/timer-irq-tessera.dat"
f_tb = dir."/timer-irq-busy-tessera.dat"
# Before any range is set: stats would apply them.
stats f_ti using 1 name "TI" nooutput
stats f_tb using 1 name "TB" nooutput
lo = (TI_min < TB_min ? TI_min : TB_min) - 10
hi = (TI_max > TB_max ? TI_max : TB_max) + 10

set multiplot layout 1,2 title sprintf("%s: virtual timer IRQ latency, deadline to the guest's IRQ vector " . \
	"(QEMU -icount shift=0, counter at 1 GHz: 1 tick = 1 instruction)", board)

# Left: everything, on a log scale.
set title "native and Tessera"
set xlabel "latency (counter ticks = instructions)"
set ylabel "fraction of samples at or below"
set logscale x 10
set xrange [1:1000]
set xtics ("1" 1, "2" 2, "3" 3, "5" 5, "10" 10, "20" 20, "50" 50, "100" 100, "200" 200, \
	"500" 500, "1000" 1000)
set yrange [0:1.05]
set ytics 0.1
set grid xtics mxtics ytics lc rgb "#dddddd"
set key outside bottom center vertical Left reverse spacing 1.2 samplen 3 width 2
plot cdf(f_ni, 1, 1000) using 1:2 with steps lw 4 lc rgb "#1b9e77" \
	title label("native, guest polling", f_ni), \
     cdf(f_nb, 1, 1000) using 1:2 with steps lw 2 dt 2 lc rgb "#000000" \
	title label("native, guest reading GICD", f_nb), \
     cdf(f_ti, 1, 1000) using 1:2 with steps lw 4 lc rgb "#d95f02" \
	title label("Tessera, guest polling", f_ti), \
     cdf(f_tb, 1, 1000) using 1:2 with steps lw 2 dt 2 lc rgb "#7570b3" \
	title label("Tessera, guest in trapped GICD reads", f_tb)

# Right: Tessera's two, on a linear scale around them.
set title "Tessera, close up"
unset logscale x
set xrange [lo:hi]
set xtics autofreq
set mxtics 5
set key outside bottom center vertical Left reverse spacing 1.2 samplen 3 width 2
plot cdf(f_ti, lo, hi) using 1:2 with steps lw 4 lc rgb "#d95f02" \
	title sprintf("guest polling: min %d, max %d", TI_min, TI_max), \
     cdf(f_tb, lo, hi) using 1:2 with steps lw 2 lc rgb "#7570b3" \
	title sprintf("guest in trapped GICD reads: min %d, max %d", TB_min, TB_max)
unset multiplot
