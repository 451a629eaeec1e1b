/*
 * Faults (SR-14) and the supervision that raises them: depth (SR-05), rate
 * (SR-06), heat and battery (SR-13), the heartbeat lease (SR-11). A fault
 * retracts the needle, stops the motor and latches until CLEAR_FAULT finds
 * its condition gone; hazard faults are also written to NVM so that a power
 * cycle does not clear them.
 */
#include <string.h>

#include "pen_internal.h"

/** Measured depth off the reference by more than this … (SR-05) */
#define DEPTH_TOL_UM 150
/** … for more than this long faults DEPTH_TOLERANCE. */
#define DEPTH_TOL_MS 50
/** Measured rate off the reference by more than 10 % of the setpoint for more than this long faults RATE_DEVIATION (SR-06). */
#define RATE_TOL_MS 200
/** SR-13: above 43.0 °C faults OVER_TEMP; the condition is gone below 41.0 °C. */
#define TEMP_FAULT 430
#define TEMP_CLEAR 410
/** SR-13: below 3 % faults BATTERY_CRITICAL; below 10 % refuses START. */
#define BATTERY_CRITICAL_PCT 3
#define BATTERY_LOW_PCT 10
/** SR-11: the lease while running. */
#define LEASE_MS 500u

void fault_latch(pen_t *p, uint8_t code, const char *msg)
{
    uint16_t bit = PB_FAULT_BIT(code);
    pb_msg_t m;
    char mask[5];
    if (p->latched & bit) return;
    motion_stop(p);
    if (p->mode == MODE_RUN || p->mode == MODE_STOPPING) p->mode = MODE_IDLE;
    p->latched |= bit;
    evt_init(p, &m, PB_EV_FAULT);
    m.u.evt.has_code = true;
    strcpy(m.u.evt.code, pb_fault_code_names[code]);
    m.u.evt.has_faults = true;
    pb_hex4(p->latched, mask);
    strcpy(m.u.evt.faults, mask);
    if (msg) {
        m.u.evt.has_msg = true;
        put_text(m.u.evt.msg, &m.u.evt.msg_len, msg, strlen(msg), 64);
    }
    out_event(p, &m);
    /* SR-14: a hazard fault survives a power cycle. NVM faults are not written to the NVM that failed. */
    if ((bit & HAZARD_FAULTS) && code != PB_FAULT_NVM_WRITE && code != PB_FAULT_NVM_INTEGRITY && p->reg_ok && !(p->reg.faults & bit)) {
        p->reg.faults |= bit;
        registry_save(p);
    }
}

uint16_t fault_present(pen_t *p)
{
    uint16_t present = 0;
    bool servo_bad = !board_depth_driver_ok(), motor_bad = !board_motor_driver_ok();
    if (servo_bad) present |= PB_FAULT_BIT(PB_FAULT_DEPTH_TOLERANCE);
    if (motor_bad) present |= PB_FAULT_BIT(PB_FAULT_RATE_DEVIATION);
    if (servo_bad || motor_bad) present |= PB_FAULT_BIT(PB_FAULT_SELF_TEST);
    if (board_cart_present() && p->slot != SLOT_EMPTY && p->cart_status == PB_CART_STATUS_FLUID) present |= PB_FAULT_BIT(PB_FAULT_FLUID_INGRESS);
    if (board_temperature() >= TEMP_CLEAR) present |= PB_FAULT_BIT(PB_FAULT_OVER_TEMP);
    if (board_battery() < BATTERY_CRITICAL_PCT) present |= PB_FAULT_BIT(PB_FAULT_BATTERY_CRITICAL);
    if (p->nvm_write_failing) present |= PB_FAULT_BIT(PB_FAULT_NVM_WRITE);
    /* NVM_INTEGRITY is never gone by itself: only a deliberate factory reset of the registry ends it. */
    present |= PB_FAULT_BIT(PB_FAULT_NVM_INTEGRITY);
    return (uint16_t)(present & p->latched);
}

/* SR-05 and SR-06 while running: the references start at 0 at START and move no faster than the needle and
   the motor can follow, so no settling window is needed and no command can open one. */
static void supervise_motion(pen_t *p)
{
    int32_t target = p->depth_um, measured, err;
    int32_t set_milli = (int32_t)p->rate_hz * 1000, rate_err;
    /* SR-04: the reference moves towards the setpoint at 1 µm/ms = 1 mm/s, and the servo is told the same limit. */
    if (p->ref_um < target) p->ref_um++;
    else if (p->ref_um > target) p->ref_um--;
    board_depth_drive(p->ref_um, 1);
    measured = board_depth_read();
    err = measured - p->ref_um;
    if (err < 0) err = -err;
    p->depth_off_ms = err > DEPTH_TOL_UM ? p->depth_off_ms + 1 : 0;
    if (p->depth_off_ms > DEPTH_TOL_MS) {
        fault_latch(p, PB_FAULT_DEPTH_TOLERANCE, "depth off the reference by more than 150 um for 50 ms");
        return;
    }
    /* The rate reference follows the setpoint with the motor's nominal 40 ms time constant. */
    p->rate_ref_milli += (set_milli - p->rate_ref_milli) / 40;
    board_motor_drive(p->rate_hz);
    rate_err = (int32_t)board_motor_read() * 1000 - p->rate_ref_milli;
    if (rate_err < 0) rate_err = -rate_err;
    p->rate_off_ms = rate_err * 10 > set_milli ? p->rate_off_ms + 1 : 0;
    if (p->rate_off_ms > RATE_TOL_MS) fault_latch(p, PB_FAULT_RATE_DEVIATION, "stroke rate off by more than 10 % for 200 ms");
}

void faults_tick(pen_t *p)
{
    int16_t temp = board_temperature();
    uint8_t battery = board_battery();
    bool charger = board_charger();
    if (p->mode == MODE_RUN) {
        /* SR-11: no well-formed host command for 500 ms while running: stop, LEASE, LINK_LOST. */
        if (p->now - p->last_cmd_at >= LEASE_MS) {
            pb_msg_t m;
            motion_stop(p);
            p->mode = MODE_IDLE;
            evt_init(p, &m, PB_EV_LEASE);
            out_event(p, &m);
            fault_latch(p, PB_FAULT_LINK_LOST, "no host command for 500 ms");
            eng_close(p, "closed: link");
            return;
        }
        supervise_motion(p);
    }
    /* SR-13, in any state. */
    if (temp > TEMP_FAULT) fault_latch(p, PB_FAULT_OVER_TEMP, "handpiece above 43.0 C");
    if (battery < BATTERY_CRITICAL_PCT) fault_latch(p, PB_FAULT_BATTERY_CRITICAL, "battery below 3 %");
    p->lowbat = battery < BATTERY_LOW_PCT;
    if (charger && p->mode == MODE_RUN) {
        /* On the charger the pen does not run (START refused): it stops as it would for STOP. */
        motion_stop(p);
        p->mode = MODE_STOPPING;
        p->mode_since = p->now;
    }
    p->charger_seen = charger;
}
