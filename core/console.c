/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The physical console, shared by the hypervisor and every VM, owned by one
 * CPU (the boot CPU). No VM ever waits for it, nor for another VM's text:
 *  - a VM's lines, and Tessera's lines about that VM (log_vm), go into the
 *    VM's own buffer (tessera/conbuf.h) under a lock only its own vCPUs
 *    take; a full buffer loses that VM's text, counted and said;
 *  - Tessera's other lines go into a buffer of their own;
 *  - the console CPU alone takes bytes out, a UART FIFO's worth at a time
 *    (CONSOLE_BURST at most), one source's line at a time: whole lines in
 *    the order they were finished (a queue of source numbers, `order`),
 *    then what is left (a prompt, a line cut short) with the sources in
 *    turn. A flooder's lines wait in its own bounded buffer, so another
 *    VM's line waits behind 4 KiB of its text at most. The UART's transmit interrupt (or, when a test plan paces the
 *    console, the hypervisor timer) brings it back for the next FIFO; a
 *    producer elsewhere sends it GIC_SGI_CONSOLE when it was idle.
 * Until the console CPU takes over, at a panic and before powering off,
 * output is written synchronously instead. Input goes to one VM at a time;
 * Ctrl-T passes it to the next running VM.
 *
 * Lock order: a VM's vuart lock, then its buffer's lock, then order_lock;
 * the console lock, then a buffer's lock. The console lock is never held while taking a vGIC
 * lock (input is delivered after it is dropped).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <tessera/arch/cpu.h>
#include <tessera/gic.h>
#include <tessera/hyp.h>
#include <tessera/uart.h>
#include <tessera/vm.h>
#include <tessera/vuart.h>

#define CONSOLE_SWITCH_KEY 0x14 /* Ctrl-T */
#define CONSOLE_MAX_VMS 8
#define CONSOLE_BURST 64        /* bytes written per visit at most: a FIFO's worth */
#define CONSOLE_TURN 256        /* a source's bytes before the next one's turn, line or not */
#define CONSOLE_RX_BURST 32     /* input bytes taken per visit */
#define CONSOLE_LINE 256        /* longest line of Tessera's */
#define CONSOLE_POLL_HZ 1000    /* a UART without an interrupt: looked at this often */
#define OWN 0                   /* source 0: Tessera's own lines */
#define NO_CPU UINT_MAX

struct source {
	struct conbuf *buf;
	const char *prefix;     /* "[label] " */
	const char *label;      /* for the drop notice; NULL: Tessera's */
	bool in_tessera;        /* the console is inside one of Tessera's lines of this buffer */
	struct vuart *uart;     /* where input goes; NULL: Tessera's */
	const int *running;
};

static struct conbuf own;
static struct source src[1 + CONSOLE_MAX_VMS] = {
	[OWN] = { .buf = &own, .prefix = "[tessera] " },
};
static unsigned nr_src = 1;

/*
 * The sources of lines finished and not yet written out, oldest first:
 * appended under order_lock (a few instructions, by any CPU), taken out by
 * the console CPU alone. When full, a line goes out in its source's turn.
 */
#define ORDER_SIZE 1024u /* a power of two */
static struct spinlock order_lock;
static uint8_t order[ORDER_SIZE];
static unsigned order_head, order_tail; /* free running */

/* Under the console lock: the UART, the screen and where the output is. */
static struct spinlock console_lock;
static unsigned lock_cpu = NO_CPU; /* a panic there must not wait for itself */
static struct conscreen screen = { .open = -1 };
static int cur = -1;               /* the source being written out */
static unsigned turn, next_src;
static char stage[CONBUF_SHOW_MAX]; /* screen bytes of the last byte taken out */
static unsigned stage_len, stage_at;
static unsigned focus = 1;         /* the source (a VM) that gets input */

/* Set at boot, then read without the lock. */
static unsigned console_cpu = NO_CPU;
static uint64_t console_mpidr;
static uint32_t rx_intid, pace_baud;
static bool use_timer;             /* paced, or the UART has no interrupt: the timer calls back */
/* Atomic: the console CPU writes the output (else each writer does, synchronously). */
static int online;
/* Atomic: output waits and the console CPU will come to it without being sent for. */
static int busy;

static unsigned this_cpu(void)
{
	struct cpu *c = arch_cpu_self();

	return c ? c->idx : NO_CPU;
}

bool console_on_this_cpu(void)
{
	return console_cpu != NO_CPU && this_cpu() == console_cpu;
}

static void lock(void)
{
	spin_lock(&console_lock);
	lock_cpu = this_cpu();
}

static bool trylock(void)
{
	if (!spin_trylock(&console_lock)) {
		return false;
	}
	lock_cpu = this_cpu();
	return true;
}

static void unlock(void)
{
	lock_cpu = NO_CPU;
	spin_unlock(&console_lock);
}

/* A line of b's was finished: queue its source for the console. */
static void line_done(const struct conbuf *b)
{
	unsigned s = 0;

	while (s < nr_src && src[s].buf != b) {
		s++;
	}
	spin_lock(&order_lock);
	if (s < nr_src && order_head - __atomic_load_n(&order_tail, __ATOMIC_ACQUIRE) < ORDER_SIZE) {
		order[order_head % ORDER_SIZE] = (uint8_t)s;
		__atomic_store_n(&order_head, order_head + 1, __ATOMIC_RELEASE);
	}
	spin_unlock(&order_lock);
}

/*
 * Append a record to b, or count it lost. Guest text may fill the buffer
 * but for CONBUF_RESERVE, Tessera's lines all of it. Once full, it loses
 * guest text until it is half empty, then says how much it lost.
 */
static void put(struct conbuf *b, const char *label, const char *rec, unsigned n, unsigned text,
		bool tessera)
{
	unsigned limit = tessera ? CONBUF_SIZE : CONBUF_SIZE - CONBUF_RESERVE;

	spin_lock(&b->lock);
	if (b->dropping && conbuf_used(b) <= CONBUF_SIZE / 2) {
		char note[120];
		int len = label ? snprintf(note, sizeof(note),
					   "%cvm '%s' dropped console output: %u byte(s) (its buffer "
					   "was full)\n",
					   CONBUF_TESSERA, label, b->dropped) :
				  snprintf(note, sizeof(note),
					   "%cTessera dropped console output: %u byte(s) (its buffer "
					   "was full)\n",
					   CONBUF_TESSERA, b->dropped);

		conbuf_write(b, note, (unsigned)len);
		line_done(b);
		b->dropping = false;
		b->dropped = 0;
	}
	if ((tessera || !b->dropping) && conbuf_used(b) + n <= limit) {
		conbuf_write(b, rec, n);
		if (n && rec[n - 1] == '\n') {
			line_done(b);
		}
	} else {
		b->dropping = true;
		b->dropped += text;
		b->dropped_total += text;
	}
	spin_unlock(&b->lock);
}

/* One of Tessera's lines as a record: marker, text (no control bytes), '\n'. */
static unsigned tessera_record(char *rec, unsigned size, const char *fmt, va_list ap)
{
	int n = vsnprintf(rec + 1, size - 2, fmt, ap);
	unsigned len = n < 0 ? 0 : (unsigned)n > size - 3 ? size - 3 : (unsigned)n;

	rec[0] = CONBUF_TESSERA;
	for (unsigned i = 1; i <= len; i++) {
		if (rec[i] < 0x20 || rec[i] > 0x7e) {
			rec[i] = '?';
		}
	}
	rec[len + 1] = '\n';
	return len + 2;
}

/*
 * The source of the oldest finished line; else the next source with
 * something to say (a line not finished yet), after the last one that spoke.
 */
static bool pick(void)
{
	while (order_tail != __atomic_load_n(&order_head, __ATOMIC_ACQUIRE)) {
		unsigned s = order[order_tail % ORDER_SIZE];

		__atomic_store_n(&order_tail, order_tail + 1, __ATOMIC_RELEASE);
		/* Empty if its line went out already, in a turn (the queue was full). */
		if (conbuf_peek(src[s].buf) >= 0) {
			cur = (int)s;
			turn = 0;
			return true;
		}
	}
	for (unsigned i = 0; i < nr_src; i++) {
		unsigned s = (next_src + i) % nr_src;

		if (conbuf_peek(src[s].buf) >= 0) {
			cur = (int)s;
			next_src = s + 1;
			turn = 0;
			return true;
		}
	}
	cur = -1;
	return false;
}

/* The next screen bytes into stage, unless some wait there already; false: nothing to write. */
static bool fill(void)
{
	while (stage_at == stage_len) {
		int c = cur >= 0 && turn < CONSOLE_TURN ? conbuf_peek(src[cur].buf) : -1;

		if (c < 0) {
			/* Its turn is over, or its buffer empty (a partial line stays open). */
			if (!pick()) {
				return false;
			}
			continue;
		}
		conbuf_pop(src[cur].buf);
		turn++;
		stage_len = conbuf_show(&screen, cur, src[cur].prefix, &src[cur].in_tessera,
					(uint8_t)c, stage);
		stage_at = 0;
		if (c == '\n') {
			cur = -1; /* a whole line: the next source's turn */
		}
	}
	return true;
}

/* Bytes to the UART while it has room: CONSOLE_BURST at most, or (flush) all, waiting for room. */
static void drain(bool flush)
{
	unsigned budget = flush ? UINT_MAX : CONSOLE_BURST;

	while (budget && fill()) {
		unsigned room = uart_tx_room();

		if (!room) {
			if (!flush) {
				return;
			}
			arch_cpu_relax();
			continue;
		}
		for (; room && budget && fill(); room--, budget--) {
			uart_tx(stage[stage_at++]);
		}
	}
}

static bool anything_buffered(void)
{
	for (unsigned s = 0; s < nr_src; s++) {
		if (conbuf_used(src[s].buf)) {
			return true;
		}
	}
	return false;
}

/* The console CPU, under the lock: a FIFO's worth out, then ask to come back if more waits. */
static void service(void)
{
	drain(false);
	for (;;) {
		if (fill()) {
			uint64_t at = uart_tx_notify(true);

			if (!at && !rx_intid) {
				at = arch_counter() + arch_counter_freq() / CONSOLE_POLL_HZ;
			}
			if (at) {
				arch_cpu_timer_set(at);
			} else if (use_timer) {
				arch_cpu_timer_off();
			}
			__atomic_store_n(&busy, 1, __ATOMIC_RELAXED);
			return;
		}
		uart_tx_notify(false);
		if (use_timer) {
			arch_cpu_timer_off();
		}
		/* Idle; but a producer that saw busy set just before may have added: look again. */
		__atomic_store_n(&busy, 0, __ATOMIC_SEQ_CST);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (!anything_buffered()) {
			return;
		}
	}
}

/* Under the lock: the next running VM gets the input, and the console says so. */
static void switch_focus(void)
{
	for (unsigned i = 1; i < nr_src; i++) {
		unsigned next = 1 + (focus - 1 + i) % (nr_src - 1);

		if (__atomic_load_n(src[next].running, __ATOMIC_RELAXED)) {
			focus = next;
			break;
		}
	}
	char rec[CONSOLE_LINE];
	unsigned n = (unsigned)snprintf(rec, sizeof(rec), "%cconsole input -> %s\n", CONBUF_TESSERA,
					src[focus].uart->label);

	put(&own, NULL, rec, n < sizeof(rec) ? n : sizeof(rec) - 1, n, true);
}

/* Under the lock: input waiting at the UART, for the VM that has the focus (*to). */
static unsigned read_input(char *buf, struct vuart **to)
{
	unsigned n = 0;
	int c;

	if (nr_src < 2) {
		return 0;
	}
	while (n < CONSOLE_RX_BURST && (c = uart_getc()) >= 0) {
		if (c == CONSOLE_SWITCH_KEY) {
			switch_focus();
			n = 0; /* what was typed before the switch went nowhere yet: drop it */
		} else {
			buf[n++] = (char)c;
		}
	}
	*to = src[focus].uart;
	return n;
}

/* After the lock: delivery takes the VM's vGIC lock. */
static void deliver(struct vuart *to, const char *buf, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		vuart_rx_push(to, buf[i]);
	}
}

/* The console CPU: input in, output out. */
static void serve(void)
{
	char in[CONSOLE_RX_BURST];
	struct vuart *to = NULL;
	unsigned n;

	lock();
	n = read_input(in, &to);
	service();
	unlock();
	deliver(to, in, n);
}

void console_flush(void)
{
	if (lock_cpu == this_cpu() && lock_cpu != NO_CPU) {
		drain(true); /* a panic while this CPU wrote: carry on */
		return;
	}
	lock();
	drain(true);
	unlock();
}

/*
 * Something was added to a buffer: make sure it goes out. may_write_here:
 * the caller holds no lock another VM takes, so the console CPU may write
 * at once (else it sends itself the kick, and writes after returning).
 */
static void output_waits(bool may_write_here)
{
	if (!__atomic_load_n(&online, __ATOMIC_ACQUIRE)) {
		console_flush();
		return;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&busy, __ATOMIC_RELAXED) ||
	    __atomic_exchange_n(&busy, 1, __ATOMIC_SEQ_CST)) {
		return; /* the console CPU will come to it */
	}
	if (may_write_here && console_on_this_cpu()) {
		serve();
	} else {
		gic_send_sgi(GIC_SGI_CONSOLE, console_mpidr);
		arch_cpu_send_event(); /* in case it waits in vcpu_park (wfe) */
	}
}

void console_guest(struct vuart *u, const char *text, unsigned len, bool end_line)
{
	char rec[CONBUF_FILTER_GROWTH * VUART_LINE + 1];

	if (len > VUART_LINE) {
		len = VUART_LINE;
	}
	put(&u->out, u->label, rec, conbuf_filter(&u->out.esc, text, len, end_line, rec), len,
	    false);
	output_waits(true);
}

uint64_t console_dropped(const struct vuart *u)
{
	return __atomic_load_n(&u->out.dropped_total, __ATOMIC_RELAXED);
}

void log_vm(struct vm *vm, const char *fmt, ...)
{
	char rec[CONSOLE_LINE];
	va_list ap;

	va_start(ap, fmt);
	unsigned n = tessera_record(rec, sizeof(rec), fmt, ap);
	va_end(ap);
	put(&vm->uart.out, vm->label, rec, n, n - 2, true);
	output_waits(false);
}

void log_info(const char *fmt, ...)
{
	char rec[CONSOLE_LINE];
	va_list ap;

	va_start(ap, fmt);
	unsigned n = tessera_record(rec, sizeof(rec), fmt, ap);
	va_end(ap);
	put(&own, NULL, rec, n, n - 2, true);
	output_waits(false);
}

noreturn void panic(const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	struct cpu *self = arch_cpu_self();

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* From here on every line is written at once, this one after all that waits. */
	__atomic_store_n(&online, 0, __ATOMIC_SEQ_CST);
	log_info("panic on CPU %d: %s", self ? (int)self->idx : -1, buf);
	arch_cpu_halt();
}

void console_add_vm(struct vuart *u, const int *running)
{
	if (nr_src < ARRAY_SIZE(src)) {
		src[nr_src++] = (struct source){ .buf = &u->out, .prefix = u->prefix,
						 .label = u->label, .uart = u, .running = running };
	}
}

bool console_has_focus(const struct vuart *u)
{
	return nr_src > 1 && src[focus].uart == u;
}

void console_start(unsigned cpu, uint64_t mpidr, uint32_t intid, uint32_t baud)
{
	console_mpidr = mpidr;
	rx_intid = intid;
	pace_baud = baud;
	__atomic_store_n(&console_cpu, cpu, __ATOMIC_RELEASE);
}

void console_cpu_ready(void)
{
	if (!console_on_this_cpu()) {
		return;
	}
	lock();
	if (pace_baud) {
		uart_set_pace(pace_baud, arch_counter_freq());
	}
	use_timer = pace_baud || !rx_intid;
	if (use_timer) {
		gic_irq_enable(GIC_PPI_HTIMER, console_mpidr, true);
	}
	if (rx_intid) {
		/* Input (and transmit room) interrupts this CPU. */
		gic_spi_route(rx_intid, console_mpidr);
		gic_irq_enable(rx_intid, 0, true);
		uart_rx_irq(true);
	}
	unlock();
	__atomic_store_n(&online, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&busy, 1, __ATOMIC_SEQ_CST);
	serve();
}

bool console_irq(uint32_t intid)
{
	if (intid != GIC_SGI_CONSOLE && intid != GIC_PPI_HTIMER && (!rx_intid || intid != rx_intid)) {
		return false;
	}
	if (console_on_this_cpu()) {
		serve();
	}
	return true;
}

void console_poll_input(void)
{
	char in[CONSOLE_RX_BURST];
	struct vuart *to = NULL;
	unsigned n;

	/* The console CPU takes input on its interrupt anyway: never wait for it. */
	if (nr_src < 2 || !trylock()) {
		return;
	}
	unsigned had = conbuf_used(&own);

	n = read_input(in, &to);
	bool said = conbuf_used(&own) != had;

	unlock();
	deliver(to, in, n);
	if (said) {
		output_waits(false);
	}
}

bool console_idle(void)
{
	if (!console_on_this_cpu() || !__atomic_load_n(&online, __ATOMIC_ACQUIRE)) {
		return false;
	}
	serve();
	return __atomic_load_n(&busy, __ATOMIC_ACQUIRE);
}

noreturn void console_serve(void)
{
	for (;;) {
		serve();
		/* Interrupts stay masked at EL2: wfi still wakes, and they are taken here. */
		arch_cpu_wait_interrupt();
		uint32_t intid = gic_ack();

		if (intid >= GIC_SPURIOUS) {
			continue;
		}
		gic_eoi(intid);
		gic_deactivate(intid);
		if (intid != GIC_SGI_CONSOLE && intid != GIC_PPI_HTIMER && intid != rx_intid &&
		    intid >= 16) {
			/* A stopped VM's device or timer: no one will take it again. */
			gic_irq_enable(intid, console_mpidr, false);
		}
	}
}
