/*
 * The pen's main paths: power-up and self-test, every received frame through
 * the order of checks of PROTOCOL.md section 3 (codec, direction, handshake
 * gate, retransmission memory, the command's own checks) with STOP outside
 * all of them (SR-16), and the 1 ms tick.
 */
#include <stdio.h>
#include <string.h>

#include "pen_internal.h"

/** The boot self-test (SR-14): the servo and the motor are exercised for this long. */
#define SELFTEST_MS 200u

void pen_boot(pen_t *p)
{
    uint8_t seed[4];
    memset(p, 0, sizeof *p);
    p->profile = &PEN_PROFILES[0];
    profile_hash(p->profile, p->phash);
    /* Power-on settings (PROTOCOL.md, pen behaviour): 250 µm, 120 Hz, no area, telemetry off. */
    p->depth_um = 250;
    p->rate_hz = 120;
    p->area = -1;
    p->mode = MODE_BOOT;
    p->selftest = PB_SELFTEST_PENDING;
    p->reported = PB_PEN_STATE_BOOT;
    p->cart_status = PB_CART_STATUS_NONE;
    if (board_random(seed, sizeof seed)) p->rng = (uint32_t)seed[0] | (uint32_t)seed[1] << 8 | (uint32_t)seed[2] << 16 | (uint32_t)seed[3] << 24;
    board_depth_drive(0, 500);
    board_motor_drive(0);
    /* SR-08, SR-14: the registry and the hazard faults latched before power-off. */
    registry_boot(p);
}

/* ---- the retransmission memory (PROTOCOL.md section 9) ----------------------------- */

static const pen_memory *recall(const pen_t *p, uint16_t seq, const char *body, size_t len)
{
    uint8_t i;
    for (i = 0; i < p->memory_count; i++) {
        const pen_memory *e = &p->memory[i];
        if (e->seq == seq && e->body_len == len && memcmp(e->body, body, len) == 0) return e;
    }
    return NULL;
}

static void remember(pen_t *p, uint16_t seq, const char *body, size_t len, const char *answer, size_t answer_len)
{
    pen_memory *e;
    if (len > PEN_BODY_MAX || answer_len == 0) return;
    e = &p->memory[p->memory_next];
    p->memory_next = (uint8_t)((p->memory_next + 1) % PEN_MEMORY);
    if (p->memory_count < PEN_MEMORY) p->memory_count++;
    e->seq = seq;
    e->body_len = (uint8_t)len;
    memcpy(e->body, body, len);
    e->answer_len = (uint8_t)answer_len;
    memcpy(e->answer, answer, answer_len);
}

/* ---- answering ----------------------------------------------------------------------- */

/* Send an answer, then the events it caused, then a state change; returns the line for the memory. */
static size_t answer(pen_t *p, pb_msg_t *a, char *line)
{
    size_t n = 0;
    out_answer(p, a, line, &n);
    if (p->drop_pending) {
        p->drop_pct = (uint8_t)(p->drop_pending - 1);
        p->drop_pending = 0;
    }
    if (p->corrupt_pending) {
        p->corrupt_pct = (uint8_t)(p->corrupt_pending - 1);
        p->corrupt_pending = 0;
    }
    if (p->silence_pending) {
        p->silence_until = p->now + p->silence_pending;
        p->silence_pending = 0;
    }
    if (p->garbage_pending) {
        static const char NOISE[] = "#%&()+,-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~!";
        char buf[128];
        size_t i;
        while (p->garbage_pending) {
            size_t part = p->garbage_pending > sizeof buf ? sizeof buf : p->garbage_pending;
            for (i = 0; i < part; i++) buf[i] = NOISE[(p->now + i * 7u) % (sizeof NOISE - 1)];
            out_raw(p, buf, part);
            p->garbage_pending = (uint16_t)(p->garbage_pending - part);
        }
    }
    out_flush_deferred(p);
    state_report(p);
    out_pump(p, false);
    return n;
}

static void refuse(pen_t *p, uint16_t seq, uint8_t code, const char *msg)
{
    pb_msg_t a;
    char line[PB_LINE_BUF];
    nak_init(&a, seq, code, msg);
    if (code == PB_NAK_VERSION) {
        a.u.nak.has_proto = true;
        a.u.nak.proto = PB_PROTO_VERSION;
        a.u.nak.has_schema = true;
        strcpy(a.u.nak.schema, PB_SCHEMA_HASH_HEX);
    }
    p->answering = true;
    answer(p, &a, line);
}

/* A field the codec refused: BAD_ARGS with a msg that starts with the key (PROTOCOL.md section 3). */
static void bad_args(pen_t *p, const pb_decode_info_t *info)
{
    char text[96];
    size_t k = info->key_len > 40 ? 40 : info->key_len;
    memcpy(text, info->key, k);
    snprintf(text + k, sizeof text - k, ": %s", info->why ? info->why : "bad field");
    refuse(p, info->seq, PB_NAK_BAD_ARGS, text);
}

static void hello(pen_t *p, const pb_msg_t *m)
{
    pb_msg_t a;
    char line[PB_LINE_BUF], text[64];
    const pb_hello_t *h = &m->u.hello;
    /* Every HELLO starts a session: the memory is cleared and an engineering session closes (SR-17);
       no setting changes and no fault clears. */
    p->memory_count = 0;
    p->memory_next = 0;
    p->answering = true;
    eng_close(p, "closed: HELLO");
    if (h->proto == PB_PROTO_VERSION && strcmp(h->schema, PB_SCHEMA_HASH_HEX) == 0) {
        p->gate_open = true;
        info_answer(p, m->seq, &a);
        answer(p, &a, line);
        return;
    }
    p->gate_open = false;
    if (h->proto != PB_PROTO_VERSION) snprintf(text, sizeof text, "proto %u!=%u", (unsigned)h->proto, (unsigned)PB_PROTO_VERSION);
    else snprintf(text, sizeof text, "schema %s!=%s", h->schema, PB_SCHEMA_HASH_HEX);
    refuse(p, m->seq, PB_NAK_VERSION, text);
}

static void handle_frame(pen_t *p, const char *line, size_t len)
{
    pb_msg_t m, a;
    pb_decode_info_t info;
    pb_status st = pb_decode_line(line, len, &m, &info);
    const pen_memory *seen;
    char out[PB_LINE_BUF], text[48];
    size_t n;
    uint8_t flags;
    /* Framing, length and CRC errors: dropped, never answered (the seq cannot be trusted). */
    if (st == PB_ERR_BAD_FRAME || st == PB_ERR_TOO_LONG || st == PB_ERR_BAD_CRC) return;
    /* SR-16: a CRC-valid STOP is executed even with malformed or extra keys, never gated, never deduped. */
    if (info.has_kind && info.kind == PB_KIND_STOP) {
        if (st == PB_OK) p->last_cmd_at = p->now;
        cmd_stop(p, info.seq);
        return;
    }
    if (st == PB_ERR_UNKNOWN_KIND) {
        snprintf(text, sizeof text, "unknown kind %.*s", (int)info.kind_len, info.kind_text);
        refuse(p, info.seq, PB_NAK_UNKNOWN_KIND, text);
        return;
    }
    if (st == PB_ERR_BAD_FIELD) {
        bad_args(p, &info);
        return;
    }
    flags = pb_kind_flags(m.kind);
    /* A pen→host kind is not a command (an echo of the pen's own frames gets this too); it renews nothing. */
    if (!(flags & PB_KF_HOST)) {
        snprintf(text, sizeof text, "not a command: %s", pb_kind_name(m.kind));
        refuse(p, m.seq, PB_NAK_UNKNOWN_KIND, text);
        return;
    }
    if (!p->gate_open && !(flags & PB_KF_PRE_HANDSHAKE)) {
        refuse(p, m.seq, PB_NAK_VERSION, "HELLO first");
        return;
    }
    /* SR-11: a well-formed host command the gate let through renews the lease, even if it is then refused. */
    p->last_cmd_at = p->now;
    if (m.kind == PB_KIND_HELLO) {
        hello(p, &m);
        return;
    }
    seen = recall(p, m.seq, info.body, info.body_len);
    if (seen) {
        /* A retransmission: the first answer again, byte for byte, and nothing else. */
        out_replay(p, seen->answer, seen->answer_len);
        out_pump(p, false);
        return;
    }
    p->answering = true;
    cmd_execute(p, &m, &a);
    n = answer(p, &a, out);
    remember(p, m.seq, info.body, info.body_len, out, n);
}

void pen_rx_byte(pen_t *p, uint8_t byte)
{
    if (pb_asm_feed(&p->rx, byte) == PB_ASM_FRAME) handle_frame(p, p->rx.buf, p->rx.len);
}

/* ---- the 1 ms tick ---------------------------------------------------------------------- */

static void selftest_tick(pen_t *p)
{
    uint32_t t = p->now;
    int32_t err;
    /* Exercise the servo (0 → 100 µm → 0 at 1 µm/ms) and the motor (50 Hz for 150 ms), and watch them follow. */
    p->ref_um = t <= 100 ? (int32_t)t : (int32_t)(200 - t);
    if (p->ref_um < 0) p->ref_um = 0;
    board_depth_drive(p->ref_um, 1);
    board_motor_drive(t < 150 ? 50 : 0);
    p->rate_ref_milli += ((t < 150 ? 50000 : 0) - p->rate_ref_milli) / 40;
    err = board_depth_read() - p->ref_um;
    if (err > 50 || err < -50 || !board_depth_driver_ok() || !board_motor_driver_ok()) p->selftest_bad = true;
    if (t == 149) {
        int32_t r = (int32_t)board_motor_read() * 1000 - p->rate_ref_milli;
        if (r > 5000 || r < -5000) p->selftest_bad = true;
    }
    if (t < SELFTEST_MS) return;
    motion_stop(p);
    p->mode = MODE_IDLE;
    p->mode_since = p->now;
    if (p->selftest_bad) {
        p->selftest = PB_SELFTEST_FAIL;
        fault_latch(p, PB_FAULT_SELF_TEST, "boot self-test failed");
    } else {
        pb_msg_t m;
        p->selftest = PB_SELFTEST_PASS;
        evt_init(p, &m, PB_EV_BOOT);
        out_event(p, &m);
    }
}

static void skin_tick(pen_t *p)
{
    bool on = board_skin();
    pb_msg_t m;
    if (on == p->skin_seen) return;
    p->skin_seen = on;
    evt_init(p, &m, PB_EV_SKIN);
    m.u.evt.has_on = true;
    m.u.evt.on = on ? 1 : 0;
    out_event(p, &m);
    if (on) {
        p->skin_since = p->now;
    } else if (p->mode == MODE_RUN && p->now - p->skin_since >= 2000u) {
        /* A contact of at least 2 s ended by a lift-off while running is one pass. */
        if (p->passes < 99) p->passes++;
        evt_init(p, &m, PB_EV_PASS);
        m.u.evt.has_n = true;
        m.u.evt.n = p->passes;
        if (p->area >= 0) {
            m.u.evt.has_area = true;
            strcpy(m.u.evt.area, p->profile->rows[p->area].area);
        }
        out_event(p, &m);
    }
}

void pen_tick(pen_t *p)
{
    p->now++;
    if (p->reboot_pending && pen_tx_idle(p)) {
        board_power_cycle();
        return;
    }
    if (p->mode == MODE_BOOT) {
        selftest_tick(p);
    } else {
        if (p->mode == MODE_STOPPING && board_depth_read() == 0) p->mode = MODE_IDLE;
        cart_tick(p);
        faults_tick(p);
        skin_tick(p);
    }
    eng_tick(p);
    if (p->tlm_hz) {
        /* Evenly spaced in pen time: a fractional accumulator, so 150 Hz averages exactly 150 frames/s. */
        p->tlm_acc += p->tlm_hz;
        if (p->tlm_acc >= 1000u) {
            p->tlm_acc -= 1000u;
            out_tlm(p);
        }
    }
    state_report(p);
    out_pump(p, true);
}
