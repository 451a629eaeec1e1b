/* The state the pen reports (PROTOCOL.md, pen behaviour, states): the first that applies, in this order. */
#include "pen_internal.h"

uint8_t pen_state(const pen_t *p)
{
    if (p->mode == MODE_BOOT) return PB_PEN_STATE_BOOT;
    if (p->latched) return PB_PEN_STATE_FAULT;
    if (p->mode == MODE_RUN) return PB_PEN_STATE_RUN;
    if (p->mode == MODE_STOPPING) return PB_PEN_STATE_STOP;
    if (p->charger_seen) return PB_PEN_STATE_CHARGE;
    if (p->lowbat) return PB_PEN_STATE_LOWBAT;
    if (p->slot == SLOT_EMPTY) return PB_PEN_STATE_NOCART;
    if (p->slot == SLOT_VERIFYING) return PB_PEN_STATE_VERIFY;
    if (p->cart_status == PB_CART_STATUS_SPENT) return PB_PEN_STATE_SPENT;
    if (p->cart_status != PB_CART_STATUS_OK) return PB_PEN_STATE_REJECT;
    return PB_PEN_STATE_READY;
}

void state_report(pen_t *p)
{
    uint8_t st = pen_state(p);
    pb_msg_t m;
    if (st == p->reported) return;
    p->reported = st;
    evt_init(p, &m, PB_EV_STATE);
    m.u.evt.has_st = true;
    m.u.evt.st = st;
    out_event(p, &m);
}

void motion_stop(pen_t *p)
{
    /* SR-16: retraction is not slew-limited (500 µm/ms), so the needle is home within one stroke period. */
    board_depth_drive(0, 500);
    board_motor_drive(0);
    p->ref_um = 0;
    p->rate_ref_milli = 0;
    p->depth_off_ms = 0;
    p->rate_off_ms = 0;
}
