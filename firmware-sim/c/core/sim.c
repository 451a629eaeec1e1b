/*
 * SIM_* commands of the engineering build (SR-17: only in an open session,
 * checked before this is reached). The link faults (SILENCE, GARBAGE,
 * DROP_TX, CORRUPT_TX) act on the pen's own transmit path; everything
 * physical (servo, motor, heat, battery, fluid, cartridge, hand, charger,
 * NVM, calendar) goes to the board's emulated hardware. A board without it
 * answers UNSUPPORTED and reports INFO sim=0.
 */
#include <stdio.h>
#include <string.h>

#include "pen_internal.h"

static void ack_now(pen_t *p, pb_msg_t *a, uint16_t re)
{
    msg_init(a, PB_KIND_ACK);
    a->u.ack.re = re;
    a->u.ack.has_t = true;
    a->u.ack.t = p->now;
}

static void bad_v(pb_msg_t *a, uint16_t re, const char *why)
{
    char text[64];
    snprintf(text, sizeof text, "v: %s", why);
    nak_init(a, re, PB_NAK_BAD_ARGS, text);
}

/* The pen's own transmit path; true when f was one of these. */
static bool link_fault(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    const pb_sim_fault_t *f = &m->u.sim_fault;
    int32_t v = f->has_v ? f->v : -1;
    switch (f->f) {
    case PB_SIM_FAULT_SILENCE:
        if (!f->has_v) v = 1000;
        if (v < 0 || v > 60000) bad_v(a, m->seq, "silence of 0..60000 ms");
        else {
            ack_now(p, a, m->seq);
            /* "starting after this ACK": the ACK is queued first, then the silence starts. */
            p->silence_pending = (uint32_t)v;
        }
        return true;
    case PB_SIM_FAULT_GARBAGE:
        if (!f->has_v) v = 64;
        if (v < 1 || v > 1000) bad_v(a, m->seq, "garbage of 1..1000 bytes");
        else {
            ack_now(p, a, m->seq);
            p->garbage_pending = (uint16_t)v;
        }
        return true;
    case PB_SIM_FAULT_DROP_TX:
    case PB_SIM_FAULT_CORRUPT_TX:
        if (!f->has_v) v = 10;
        if (v < 0 || v > 100) bad_v(a, m->seq, "a percentage 0..100");
        else {
            /* Like SILENCE, from the frame after this ACK on: the host must learn that the injection is in place. */
            if (f->f == PB_SIM_FAULT_DROP_TX) p->drop_pending = (uint8_t)(v + 1);
            else p->corrupt_pending = (uint8_t)(v + 1);
            ack_now(p, a, m->seq);
        }
        return true;
    default:
        return false;
    }
}

void sim_execute(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    const char *why = NULL;
    int code;
    if (!board_has_sim()) {
        nak_init(a, m->seq, PB_NAK_UNSUPPORTED, "this pen has no simulated hardware");
        return;
    }
    if (m->kind == PB_KIND_SIM_FAULT && link_fault(p, m, a)) return;
    if (m->kind == PB_KIND_SIM_POWER && m->u.sim_power.op == PB_SIM_POWER_OP_CYCLE) {
        /* After the ACK has left: the board powers the pen off and on. */
        ack_now(p, a, m->seq);
        p->reboot_pending = true;
        return;
    }
    if (m->kind == PB_KIND_SIM_FAULT && m->u.sim_fault.f == PB_SIM_FAULT_CLEAR) {
        p->silence_until = p->now;
        p->drop_pct = 0;
        p->corrupt_pct = 0;
    }
    code = board_sim(m, &why);
    if (code >= 0) {
        nak_init(a, m->seq, (uint8_t)code, why);
        return;
    }
    ack_now(p, a, m->seq);
}
