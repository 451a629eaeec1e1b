/*
 * Host commands once they passed the codec, the gate and the retransmission
 * memory (PROTOCOL.md section 3): each command's own checks in the order of
 * "Pen behaviour"; the first failing check answers, and a refused command
 * changes nothing (SR-15).
 */
#include <stdio.h>
#include <string.h>

#include "pen_internal.h"

/* A refusal (or an early answer) ends the handler. */
#define ANSWER(call) do { call; return; } while (0)

static void ack(pen_t *p, pb_msg_t *a, uint16_t re)
{
    msg_init(a, PB_KIND_ACK);
    a->u.ack.re = re;
    /* PROTOCOL.md section 7: t= on every ACK, the time the command was executed. */
    a->u.ack.has_t = true;
    a->u.ack.t = p->now;
}

static void nak_limits(pb_msg_t *a, uint16_t re, uint8_t code, int32_t min, int32_t max)
{
    nak_init(a, re, code, NULL);
    if (min >= 0) {
        a->u.nak.has_min = true;
        a->u.nak.min = (uint32_t)min;
    }
    if (max >= 0) {
        a->u.nak.has_max = true;
        a->u.nak.max = (uint32_t)max;
    }
}

static void nak_faults(pb_msg_t *a, uint16_t re, uint8_t code, uint16_t mask)
{
    nak_init(a, re, code, NULL);
    a->u.nak.has_faults = true;
    pb_hex4(mask, a->u.nak.faults);
}

/* BAD_STATE names the state the command needs and the state the pen is in (PROTOCOL.md section 8). */
static void bad_state(pen_t *p, pb_msg_t *a, const pb_msg_t *m, const char *needs)
{
    char text[80];
    snprintf(text, sizeof text, "%s needs %s; pen is %s", pb_kind_name(m->kind), needs, pb_pen_state_names[pen_state(p)]);
    nak_init(a, m->seq, PB_NAK_BAD_STATE, text);
}

static uint16_t area_cap(const pen_t *p)
{
    return p->area >= 0 ? p->profile->rows[p->area].cap : PEN_DMAX;
}

static void area_event(pen_t *p, const char *area)
{
    pb_msg_t e;
    evt_init(p, &e, PB_EV_AREA);
    e.u.evt.has_area = true;
    strcpy(e.u.evt.area, area);
    e.u.evt.has_n = true;
    e.u.evt.n = 0;
    out_event(p, &e);
}

void info_answer(pen_t *p, uint16_t re, pb_msg_t *a)
{
    pb_info_t *i = &a->u.info;
    msg_init(a, PB_KIND_INFO);
    i->re = re;
    i->proto = PB_PROTO_VERSION;
    strcpy(i->schema, PB_SCHEMA_HASH_HEX);
    strcpy(i->fw, board_firmware());
    strcpy(i->serial, board_serial());
    i->dmin = PEN_DMIN;
    i->dmax = PEN_DMAX;
    i->dstep = PEN_DSTEP;
    i->rmin = PEN_RMIN;
    i->rmax = PEN_RMAX;
    i->tmax = PEN_TMAX;
    strcpy(i->profile, p->profile->name);
    i->pver = p->profile->version;
    strcpy(i->phash, p->phash);
    i->areas = p->profile->count;
    i->sim = board_has_sim() ? 1 : 0;
}

static void status_answer(pen_t *p, uint16_t re, pb_msg_t *a)
{
    pb_status_t *s = &a->u.status;
    msg_init(a, PB_KIND_STATUS);
    s->re = re;
    s->st = pen_state(p);
    if (p->area >= 0) {
        s->has_area = true;
        strcpy(s->area, p->profile->rows[p->area].area);
    }
    s->um = p->depth_um;
    s->hz = p->rate_hz;
    s->eng = p->eng == ENG_OPEN ? 1 : 0;
    pb_hex4(p->latched, s->faults);
    pb_hex4(fault_present(p), s->present);
    s->selftest = p->selftest;
}

static void cart_answer(pen_t *p, uint16_t re, pb_msg_t *a)
{
    pb_cart_t *c = &a->u.cart;
    msg_init(a, PB_KIND_CART);
    c->re = re;
    c->status = cart_status_now(p);
    if (p->slot == SLOT_EMPTY || !p->rec_ok) return;
    c->has_id = c->has_lot = c->has_type = c->has_needles = c->has_max = c->has_exp = true;
    strcpy(c->id, p->rec.id);
    strcpy(c->lot, p->rec.lot);
    c->type = p->rec.type;
    c->needles = p->rec.needles;
    c->max = p->rec.max_um;
    c->exp = p->rec.exp;
    c->has_sealed = c->has_seated = c->has_used = true;
    c->sealed = board_cart_sealed() ? 1 : 0;
    c->seated = board_cart_seated() ? 1 : 0;
    c->used = p->needle_on_ms / 1000u;
}

static void get_area(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    uint8_t i = m->u.get_area.i;
    const pen_area_row *r;
    if (i >= p->profile->count) {
        nak_limits(a, m->seq, PB_NAK_AREA_UNKNOWN, -1, p->profile->count - 1);
        return;
    }
    r = &p->profile->rows[i];
    msg_init(a, PB_KIND_AREA);
    a->u.area.re = m->seq;
    a->u.area.i = i;
    a->u.area.n = p->profile->count;
    strcpy(a->u.area.area, r->area);
    a->u.area.lo = r->lo;
    a->u.area.hi = r->hi;
    a->u.area.cap = r->cap;
    /* Profile names are the pen's own data (UTF-8, at most 48 characters; a test checks them). */
    strcpy(a->u.area.name, r->name);
    a->u.area.name_len = (uint8_t)strlen(r->name);
}

static void set_depth(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    uint16_t um = m->u.set_depth.um;
    if (p->mode == MODE_BOOT) ANSWER(bad_state(p, a, m, "a booted pen"));
    /* SR-01: outside 250..2500 µm or off the 50 µm grid is refused, never clamped. */
    if (um < PEN_DMIN || um > PEN_DMAX || um % PEN_DSTEP != 0) ANSWER(nak_limits(a, m->seq, PB_NAK_DEPTH_RANGE, PEN_DMIN, PEN_DMAX));
    /* SR-02: not above the selected area's hard cap. */
    if (um > area_cap(p)) ANSWER(nak_limits(a, m->seq, PB_NAK_DEPTH_AREA_LIMIT, -1, area_cap(p)));
    /* SR-03: not above the inserted cartridge's rated max. */
    if (cart_max(p) && um > cart_max(p)) ANSWER(nak_limits(a, m->seq, PB_NAK_DEPTH_CART_LIMIT, -1, cart_max(p)));
    p->depth_um = um;
    ack(p, a, m->seq);
}

static void set_rate(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    uint16_t hz = m->u.set_rate.hz;
    if (p->mode == MODE_BOOT) ANSWER(bad_state(p, a, m, "a booted pen"));
    /* SR-06: outside 50..150 Hz is refused. */
    if (hz < PEN_RMIN || hz > PEN_RMAX) ANSWER(nak_limits(a, m->seq, PB_NAK_RATE_RANGE, PEN_RMIN, PEN_RMAX));
    p->rate_hz = hz;
    ack(p, a, m->seq);
}

static void set_area(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    int row;
    uint16_t cap;
    int32_t deepest = p->depth_um;
    if (p->mode == MODE_BOOT) ANSWER(bad_state(p, a, m, "a booted pen"));
    row = profile_area_index(p->profile, m->u.set_area.area);
    if (row < 0) ANSWER(nak_init(a, m->seq, PB_NAK_AREA_UNKNOWN, "not in the loaded profile"));
    cap = p->profile->rows[row].cap;
    /* SR-02: an area whose cap is below the setpoint, or below where the needle still is while it slews down. */
    if (p->mode == MODE_RUN && p->ref_um > deepest) deepest = p->ref_um;
    if (deepest > cap) ANSWER(nak_limits(a, m->seq, PB_NAK_DEPTH_AREA_LIMIT, -1, cap));
    p->area = (int8_t)row;
    p->passes = 0;
    ack(p, a, m->seq);
    area_event(p, p->profile->rows[row].area);
}

static void start(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    uint16_t max = 0;
    int code;
    if (p->mode == MODE_BOOT || p->mode == MODE_RUN) ANSWER(bad_state(p, a, m, "READY"));
    if (p->mode == MODE_STOPPING) ANSWER(nak_init(a, m->seq, PB_NAK_BUSY, "still retracting"));
    /* SR-14: no start while a fault is latched, nor before the self-test passed. */
    if (p->latched) ANSWER(nak_faults(a, m->seq, PB_NAK_FAULT_ACTIVE, p->latched));
    if (p->selftest != PB_SELFTEST_PASS) ANSWER(nak_faults(a, m->seq, PB_NAK_FAULT_ACTIVE, PB_FAULT_BIT(PB_FAULT_SELF_TEST)));
    if (p->charger_seen) ANSWER(bad_state(p, a, m, "READY"));
    /* SR-13: not below 10 % of battery. */
    if (p->lowbat) ANSWER(nak_limits(a, m->seq, PB_NAK_BATTERY_LOW, 10, -1));
    /* SR-02: an area must be selected: its hard cap bounds the depth. */
    if (p->area < 0) ANSWER(nak_init(a, m->seq, PB_NAK_NO_AREA, "select a treatment area first"));
    code = cart_start_check(p, &max);
    if (code == PB_NAK_DEPTH_CART_LIMIT) ANSWER(nak_limits(a, m->seq, (uint8_t)code, -1, max));
    if (code >= 0) ANSWER(nak_init(a, m->seq, (uint8_t)code, NULL));
    /* SR-03: nor while the setpoint exceeds the area's cap. */
    if (p->depth_um > area_cap(p)) ANSWER(nak_limits(a, m->seq, PB_NAK_DEPTH_AREA_LIMIT, -1, area_cap(p)));
    /* SR-08: the cartridge is recorded as fired in NVM before the needle moves; if that fails, NVM_WRITE instead. */
    if (!cart_record_fire(p)) {
        nak_faults(a, m->seq, PB_NAK_FAULT_ACTIVE, p->latched);
        return;
    }
    ack(p, a, m->seq);
    p->mode = MODE_RUN;
    p->mode_since = p->now;
    p->ref_um = 0;
    p->rate_ref_milli = 0;
    p->depth_off_ms = p->rate_off_ms = 0;
}

void cmd_stop(pen_t *p, uint16_t seq)
{
    pb_msg_t a;
    char line[PB_LINE_BUF];
    size_t n;
    /* SR-16: stop and retract first; the ACK carries the time the retraction began. */
    if (p->mode == MODE_RUN) {
        motion_stop(p);
        p->mode = MODE_STOPPING;
        p->mode_since = p->now;
    }
    p->answering = true;
    ack(p, &a, seq);
    out_answer(p, &a, line, &n);
    out_flush_deferred(p);
    state_report(p);
}

static void clear_fault(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    uint16_t present, cleared;
    pb_msg_t e;
    if (!p->latched) ANSWER(bad_state(p, a, m, "FAULT"));
    if (p->mode == MODE_BOOT) ANSWER(nak_init(a, m->seq, PB_NAK_BUSY, "self-test running"));
    /* NVM_WRITE's condition is gone when a test write succeeds. */
    if ((p->latched & PB_FAULT_BIT(PB_FAULT_NVM_WRITE)) && p->reg_ok) registry_save(p);
    present = fault_present(p);
    /* SR-14: only once every latched fault's condition is gone. */
    if (present) ANSWER(nak_faults(a, m->seq, PB_NAK_FAULT_PRESENT, present));
    cleared = p->latched;
    p->latched = 0;
    if (p->reg_ok && (p->reg.faults & cleared)) {
        p->reg.faults = (uint16_t)(p->reg.faults & ~cleared);
        registry_save(p);
    }
    ack(p, a, m->seq);
    evt_init(p, &e, PB_EV_FAULT_CLEAR);
    e.u.evt.has_faults = true;
    pb_hex4(cleared, e.u.evt.faults);
    out_event(p, &e);
}

static void reset_settings(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    bool had_area = p->area >= 0;
    if (p->mode != MODE_IDLE) ANSWER(bad_state(p, a, m, "an idle pen"));
    p->area = -1;
    p->depth_um = 250;
    p->rate_hz = 120;
    p->tlm_hz = 0;
    p->passes = 0;
    ack(p, a, m->seq);
    if (had_area) area_event(p, "NONE");
}

static void tlm_rate(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    if (m->u.tlm_rate.hz > PEN_TMAX) ANSWER(nak_limits(a, m->seq, PB_NAK_TLM_RANGE, -1, PEN_TMAX));
    p->tlm_hz = m->u.tlm_rate.hz;
    p->tlm_acc = 0;
    ack(p, a, m->seq);
}

static void eng_profile(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    const pen_profile *np;
    int row = -1;
    char text[32];
    pb_msg_t e;
    if (p->mode == MODE_BOOT || p->mode == MODE_RUN || p->mode == MODE_STOPPING) ANSWER(bad_state(p, a, m, "an idle pen"));
    np = profile_find(m->u.eng_profile.name);
    if (!np) ANSWER(nak_init(a, m->seq, PB_NAK_PROFILE_UNKNOWN, "no such stored profile"));
    if (p->area >= 0) {
        row = profile_area_index(np, p->profile->rows[p->area].area);
        /* SR-02 holds across a profile change: the selected area's new cap must not be below the setpoint. */
        if (row >= 0 && np->rows[row].cap < p->depth_um) ANSWER(nak_limits(a, m->seq, PB_NAK_DEPTH_AREA_LIMIT, -1, np->rows[row].cap));
    }
    p->profile = np;
    profile_hash(np, p->phash);
    p->passes = 0;
    ack(p, a, m->seq);
    evt_init(p, &e, PB_EV_PROFILE);
    e.u.evt.has_msg = true;
    snprintf(text, sizeof text, "%s v%u", np->name, (unsigned)np->version);
    put_text(e.u.evt.msg, &e.u.evt.msg_len, text, strlen(text), 64);
    out_event(p, &e);
    if (p->area >= 0 && row < 0) {
        p->area = -1;
        area_event(p, "NONE");
    } else {
        p->area = (int8_t)row;
    }
}

void cmd_execute(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    uint8_t flags = pb_kind_flags(m->kind);
    if (m->kind >= PB_KIND_ENG_OPEN && m->kind <= PB_KIND_SIM_POWER && p->eng == ENG_OPEN) p->eng_used_at = p->now;
    /* SR-17: engineering commands need an open session. */
    if ((flags & PB_KF_ENGINEERING) && p->eng != ENG_OPEN) ANSWER(nak_init(a, m->seq, PB_NAK_LOCKED, "open an engineering session first"));
    switch (m->kind) {
    case PB_KIND_PING: ANSWER(ack(p, a, m->seq));
    case PB_KIND_GET_INFO: ANSWER(info_answer(p, m->seq, a));
    case PB_KIND_GET_STATUS: ANSWER(status_answer(p, m->seq, a));
    case PB_KIND_GET_CART: ANSWER(cart_answer(p, m->seq, a));
    case PB_KIND_GET_AREA: ANSWER(get_area(p, m, a));
    case PB_KIND_SET_DEPTH: ANSWER(set_depth(p, m, a));
    case PB_KIND_SET_RATE: ANSWER(set_rate(p, m, a));
    case PB_KIND_SET_AREA: ANSWER(set_area(p, m, a));
    case PB_KIND_START: ANSWER(start(p, m, a));
    case PB_KIND_CLEAR_FAULT: ANSWER(clear_fault(p, m, a));
    case PB_KIND_RESET_SETTINGS: ANSWER(reset_settings(p, m, a));
    case PB_KIND_TLM_RATE: ANSWER(tlm_rate(p, m, a));
    case PB_KIND_ENG_OPEN:
    case PB_KIND_ENG_AUTH:
    case PB_KIND_ENG_CLOSE: ANSWER(eng_command(p, m, a));
    case PB_KIND_ENG_PROFILE: ANSWER(eng_profile(p, m, a));
    case PB_KIND_SIM_FAULT:
    case PB_KIND_SIM_CART:
    case PB_KIND_SIM_SKIN:
    case PB_KIND_SIM_POWER: ANSWER(sim_execute(p, m, a));
    default: ANSWER(nak_init(a, m->seq, PB_NAK_UNSUPPORTED, "not implemented"));
    }
}
