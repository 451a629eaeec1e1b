/*
 * Frames out: every frame the pen sends takes the next seq of one counter
 * (PROTOCOL.md section 5), goes through a queue drained at line speed, and
 * telemetry gives way to answers and events (PROTOCOL.md, pen behaviour,
 * telemetry): a TLM frame is queued only while the queue holds less than
 * 20 ms of line time, and an answer or event evicts queued telemetry once the
 * queue holds more than 10 ms. Frames are never reordered.
 */
#include <string.h>

#include "pen_internal.h"

void msg_init(pb_msg_t *m, uint8_t kind)
{
    memset(m, 0, sizeof *m);
    m->kind = kind;
}

void evt_init(pen_t *p, pb_msg_t *m, uint8_t ev)
{
    msg_init(m, PB_KIND_EVT);
    m->u.evt.ev = ev;
    m->u.evt.t = p->now;
}

void nak_init(pb_msg_t *m, uint16_t re, uint8_t code, const char *msg)
{
    msg_init(m, PB_KIND_NAK);
    m->u.nak.re = re;
    m->u.nak.code = code;
    if (msg) {
        m->u.nak.has_msg = true;
        put_text(m->u.nak.msg, &m->u.nak.msg_len, msg, strlen(msg), 64);
    }
}

void put_text(char *dst, uint8_t *len, const char *text, size_t text_len, size_t max_chars)
{
    size_t i, wire = 0, n = 0;
    for (i = 0; i < text_len && n < max_chars; i++) {
        unsigned char c = (unsigned char)text[i];
        size_t cost;
        if (c < 0x20 || c >= 0x7F) c = '?';
        cost = (c == ' ' || c == '$' || c == '*' || c == '=' || c == '%') ? 3 : 1;
        if (wire + cost > PB_MAX_VALUE) break;
        wire += cost;
        dst[n++] = (char)c;
    }
    dst[n] = '\0';
    *len = (uint8_t)n;
}

/* Bytes queued and not yet taken by the UART. */
static size_t queued_bytes(const pen_t *p)
{
    size_t n = 0;
    uint8_t i;
    for (i = 0; i < p->txq_count; i++) {
        const pen_txframe *f = &p->txq[(p->txq_head + i) % PEN_TXQ];
        n += (size_t)(f->len - f->sent);
    }
    return n;
}

/* Bytes the line carries in ms milliseconds. */
static size_t line_bytes(uint32_t ms)
{
    uint32_t baud = board_uart_baud();
    return (size_t)((uint64_t)baud * ms / 10000u);
}

/* Drop queued telemetry that has not started to leave, keeping the order of the rest. */
static void evict_tlm(pen_t *p)
{
    uint8_t i, kept = 0;
    for (i = 0; i < p->txq_count; i++) {
        uint8_t from = (uint8_t)((p->txq_head + i) % PEN_TXQ);
        if (p->txq[from].tlm && p->txq[from].sent == 0) continue;
        if (kept != i) p->txq[(p->txq_head + kept) % PEN_TXQ] = p->txq[from];
        kept++;
    }
    p->txq_count = kept;
}

static uint32_t next_rand(pen_t *p)
{
    /* xorshift32: only for the simulated link faults (which frames to drop or corrupt), never for nonces. */
    uint32_t x = p->rng ? p->rng : 0x9E3779B9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    p->rng = x;
    return x;
}

static void enqueue(pen_t *p, const char *text, size_t n, bool tlm)
{
    pen_txframe *f;
    if (board_uart_baud() != 0) {
        if (tlm && queued_bytes(p) >= line_bytes(20)) return;
        if (!tlm && queued_bytes(p) > line_bytes(10)) evict_tlm(p);
    }
    if (p->txq_count == PEN_TXQ) {
        if (tlm) return;
        evict_tlm(p);
        /* Still full of answers and events: the host sends faster than the line carries; the oldest unsent one goes. */
        if (p->txq_count == PEN_TXQ) {
            if (p->txq[p->txq_head].sent != 0) return;
            p->txq_head = (uint8_t)((p->txq_head + 1) % PEN_TXQ);
            p->txq_count--;
        }
    }
    /* The engineering build's simulated link faults (SIM_FAULT SILENCE, DROP_TX, CORRUPT_TX). */
    if ((int32_t)(p->now - p->silence_until) < 0) return;
    if (p->drop_pct && next_rand(p) % 100u < p->drop_pct) return;
    f = &p->txq[(p->txq_head + p->txq_count) % PEN_TXQ];
    memcpy(f->text, text, n);
    f->len = (uint16_t)n;
    f->sent = 0;
    f->tlm = tlm ? 1 : 0;
    if (p->corrupt_pct && n > 2 && next_rand(p) % 100u < p->corrupt_pct) {
        size_t at = 1 + next_rand(p) % (n - 2);
        f->text[at] = (char)(f->text[at] ^ (1u << (next_rand(p) % 7u)));
        if (f->text[at] == '\n') f->text[at] = '#';
    }
    p->txq_count++;
}

/* Encode with the next seq; an EVT too long for 200 bytes drops its msg (PROTOCOL.md section 4). */
static size_t encode_next(pen_t *p, pb_msg_t *m, char *line)
{
    size_t n = 0;
    pb_status st;
    m->seq = p->tx_seq++;
    st = pb_encode(m, line, PB_LINE_BUF, &n, NULL);
    if (st == PB_ERR_TOO_LONG && m->kind == PB_KIND_EVT && m->u.evt.has_msg) {
        m->u.evt.has_msg = false;
        st = pb_encode(m, line, PB_LINE_BUF, &n, NULL);
    }
    return st == PB_OK ? n : 0;
}

void out_answer(pen_t *p, pb_msg_t *m, char *line, size_t *len)
{
    size_t n = encode_next(p, m, line);
    if (n == 0) {
        /* The pen could not build a valid answer (PROTOCOL.md section 8): say so rather than stay silent. */
        uint16_t re = m->u.ack.re; /* every answer kind starts with re */
        nak_init(m, re, PB_NAK_UNSUPPORTED, "cannot encode the answer");
        n = encode_next(p, m, line);
    }
    *len = n;
    if (n) enqueue(p, line, n, false);
}

static void send_event(pen_t *p, pb_msg_t *m)
{
    char line[PB_LINE_BUF];
    size_t n = encode_next(p, m, line);
    if (n) enqueue(p, line, n, false);
}

void out_event(pen_t *p, pb_msg_t *m)
{
    if (p->answering && p->deferred_count < sizeof p->deferred / sizeof p->deferred[0]) {
        p->deferred[p->deferred_count++] = *m;
        return;
    }
    send_event(p, m);
}

void out_flush_deferred(pen_t *p)
{
    uint8_t i;
    p->answering = false;
    for (i = 0; i < p->deferred_count; i++) send_event(p, &p->deferred[i]);
    p->deferred_count = 0;
}

void out_tlm(pen_t *p)
{
    pb_msg_t m;
    char line[PB_LINE_BUF];
    size_t n;
    int32_t depth = board_depth_read();
    msg_init(&m, PB_KIND_TLM);
    m.u.tlm.t = p->now;
    m.u.tlm.s = pen_state(p);
    m.u.tlm.d = p->depth_um;
    m.u.tlm.m = (uint16_t)(depth < 0 ? 0 : depth > 9999 ? 9999 : depth);
    m.u.tlm.r = board_motor_read();
    m.u.tlm.n = p->slot == SLOT_EMPTY ? 0 : p->strokes;
    m.u.tlm.p = p->passes > 99 ? 99 : p->passes;
    {
        int16_t c = board_temperature();
        m.u.tlm.c = (int16_t)(c < -400 ? -400 : c > 1500 ? 1500 : c);
    }
    m.u.tlm.b = board_battery();
    n = encode_next(p, &m, line);
    if (n) enqueue(p, line, n, true);
}

void out_raw(pen_t *p, const char *bytes, size_t n)
{
    while (n > 0) {
        size_t part = n > PB_MAX_LINE ? PB_MAX_LINE : n;
        enqueue(p, bytes, part, false);
        bytes += part;
        n -= part;
    }
}

void out_replay(pen_t *p, const char *line, size_t len)
{
    enqueue(p, line, len, false);
}

void out_pump(pen_t *p, bool new_ms)
{
    uint32_t baud = board_uart_baud();
    if (baud && new_ms) {
        /* baud/10 bytes a second: baud/10 thousandths of a byte a millisecond. A silent line banks at most 64 bytes. */
        p->tx_credit_milli += baud / 10u;
        if (p->tx_credit_milli > 64000u) p->tx_credit_milli = 64000u;
    }
    while (p->txq_count > 0) {
        pen_txframe *f = &p->txq[p->txq_head];
        size_t want = (size_t)(f->len - f->sent), took;
        if (baud) {
            size_t budget = p->tx_credit_milli / 1000u;
            if (budget == 0) break;
            if (want > budget) want = budget;
        }
        took = board_uart_write((const uint8_t *)f->text + f->sent, want);
        f->sent = (uint16_t)(f->sent + took);
        if (baud) p->tx_credit_milli -= (uint32_t)took * 1000u;
        if (f->sent < f->len) break;
        p->txq_head = (uint8_t)((p->txq_head + 1) % PEN_TXQ);
        p->txq_count--;
    }
}

bool pen_tx_idle(const pen_t *p)
{
    return p->txq_count == 0;
}
