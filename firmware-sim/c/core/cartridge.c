/*
 * The cartridge: insertion and removal, verification of its record (SR-07),
 * single use through the NVM registry (SR-08), spent after removal or 60 min
 * of needle-on time (SR-09), removal or unseating while running (SR-10),
 * fluid past the membrane (SR-12).
 */
#include <stdio.h>
#include <string.h>

#include "pen_internal.h"
#include "sha256.h"

/** Reading and checking the record takes this long (START answers BUSY meanwhile). */
#define VERIFY_MS 150u
/** SR-09: a cartridge is spent after 60 min of needle-on time. */
#define NEEDLE_ON_LIMIT_MS 3600000u

/* SR-07: MAC = first 8 bytes of HMAC-SHA256(factory key, "id|lot|type|needles|max|exp"), 16 upper-case hex. */
static bool record_authentic(const board_cart_record *r)
{
    char text[96], mac[17];
    uint8_t d[32];
    size_t key_len;
    const uint8_t *key = board_factory_key(&key_len);
    int n;
    if (r->type >= PB_CART_TYPE_COUNT) return false;
    n = snprintf(text, sizeof text, "%s|%s|%s|%u|%u|%lu", r->id, r->lot, pb_cart_type_names[r->type], (unsigned)r->needles,
                 (unsigned)r->max_um, (unsigned long)r->exp);
    if (n <= 0 || (size_t)n >= sizeof text) return false;
    hmac_sha256(key, key_len, text, (size_t)n, NULL, 0, d);
    hex_upper(d, 8, mac);
    return equal_ct((const uint8_t *)mac, (const uint8_t *)r->mac, 16) != 0;
}

/* First failure wins (PROTOCOL.md, cartridges): MAC, expiry, recall, contaminated, spent, fired before, seal. */
static uint8_t verify(pen_t *p)
{
    const pen_reg_entry *e;
    if (!p->rec_ok || !record_authentic(&p->rec)) return PB_CART_STATUS_AUTH;
    if (board_calendar_date() > p->rec.exp) return PB_CART_STATUS_EXPIRED;
    if (registry_recalled(p, p->rec.lot)) return PB_CART_STATUS_RECALLED;
    e = registry_find(p, p->rec.id);
    if (e && (e->flags & REG_FLUID)) return PB_CART_STATUS_FLUID;
    if (e && (e->flags & REG_SPENT)) return PB_CART_STATUS_SPENT;
    if (e && (e->flags & REG_FIRED)) return PB_CART_STATUS_REUSED;
    if (!board_cart_sealed()) return PB_CART_STATUS_UNSEALED;
    return PB_CART_STATUS_OK;
}

static void cart_event(pen_t *p, uint8_t ev, const char *code)
{
    pb_msg_t m;
    evt_init(p, &m, ev);
    if (p->rec_ok) {
        m.u.evt.has_id = true;
        strcpy(m.u.evt.id, p->rec.id);
    }
    if (code) {
        m.u.evt.has_code = true;
        strcpy(m.u.evt.code, code);
    }
    out_event(p, &m);
}

static void inserted(pen_t *p)
{
    memset(&p->rec, 0, sizeof p->rec);
    p->rec_ok = board_cart_read(&p->rec);
    p->slot = SLOT_VERIFYING;
    p->verify_at = p->now + VERIFY_MS;
    p->fired = false;
    p->needle_on_ms = 0;
    p->strokes = 0;
    p->stroke_milli = 0;
    p->cart_status = PB_CART_STATUS_VERIFYING;
    cart_event(p, PB_EV_CART_IN, NULL);
}

static void removed(pen_t *p)
{
    /* SR-10: removed while running: stop at once and fault. */
    if (p->mode == MODE_RUN) fault_latch(p, PB_FAULT_CART_REMOVED, "cartridge removed while running");
    /* SR-09: a cartridge that passed verification is spent once it leaves the pen (it may have left the sterile
       field). One that fired is already in the registry and verifies REUSED for good (SR-08). */
    if (p->rec_ok && p->slot == SLOT_DONE && p->passed_verification && !p->fired) {
        if (registry_mark(p, p->rec.id, REG_SPENT)) registry_save(p);
        else fault_latch(p, PB_FAULT_NVM_WRITE, "registry full");
    }
    cart_event(p, PB_EV_CART_OUT, NULL);
    p->slot = SLOT_EMPTY;
    p->cart_status = PB_CART_STATUS_NONE;
    p->passed_verification = false;
}

static void contaminated(pen_t *p)
{
    /* SR-12: fluid past the membrane: fault, and the cartridge is recorded as contaminated for good. */
    p->cart_status = PB_CART_STATUS_FLUID;
    if (p->rec_ok) {
        if (registry_mark(p, p->rec.id, REG_FLUID)) registry_save(p);
        else fault_latch(p, PB_FAULT_NVM_WRITE, "registry full");
    }
    fault_latch(p, PB_FAULT_FLUID_INGRESS, "fluid past the cartridge membrane");
}

void cart_tick(pen_t *p)
{
    bool present = board_cart_present();
    if (present && p->slot == SLOT_EMPTY) inserted(p);
    else if (!present && p->slot != SLOT_EMPTY) removed(p);
    if (p->slot == SLOT_EMPTY) return;
    if (p->slot == SLOT_VERIFYING && (int32_t)(p->now - p->verify_at) >= 0) {
        p->slot = SLOT_DONE;
        p->cart_status = verify(p);
        p->passed_verification = p->cart_status == PB_CART_STATUS_OK;
        if (p->cart_status == PB_CART_STATUS_OK) cart_event(p, PB_EV_CART_OK, NULL);
        else cart_event(p, PB_EV_CART_REJECT, pb_cart_status_names[p->cart_status]);
    }
    /* SR-07: once the calendar passes the expiry day of a verified cartridge (midnight, or SIM_FAULT CLOCK), it is
       EXPIRED, with its event (PROTOCOL.md, Cartridges); a pen running at that moment finishes its session, and START
       checks the date again anyway. Looked at every 100 ms: the date changes at most once a second. */
    if (p->slot == SLOT_DONE && p->cart_status == PB_CART_STATUS_OK && p->now % 100u == 0 && board_calendar_date() > p->rec.exp) {
        p->cart_status = PB_CART_STATUS_EXPIRED;
        cart_event(p, PB_EV_CART_REJECT, pb_cart_status_names[PB_CART_STATUS_EXPIRED]);
    }
    if (board_cart_fluid() && p->cart_status != PB_CART_STATUS_FLUID) contaminated(p);
    if (p->mode != MODE_RUN) return;
    /* SR-10: unseated while running. */
    if (!board_cart_seated()) {
        fault_latch(p, PB_FAULT_CART_UNSEATED, "cartridge unseated while running");
        return;
    }
    p->stroke_milli += board_motor_read();
    p->strokes += p->stroke_milli / 1000u;
    p->stroke_milli %= 1000u;
    /* SR-09: 60 min of needle-on time spends the cartridge: the pen stops (not a fault) and never runs it again. */
    if (++p->needle_on_ms >= NEEDLE_ON_LIMIT_MS) {
        motion_stop(p);
        p->mode = MODE_STOPPING;
        p->mode_since = p->now;
        p->cart_status = PB_CART_STATUS_SPENT;
        cart_event(p, PB_EV_CART_SPENT, NULL);
        if (registry_mark(p, p->rec.id, REG_SPENT | REG_FIRED)) registry_save(p);
        else fault_latch(p, PB_FAULT_NVM_WRITE, "registry full");
    }
}

uint8_t cart_status_now(const pen_t *p)
{
    if (p->slot == SLOT_EMPTY) return PB_CART_STATUS_NONE;
    if (p->slot == SLOT_VERIFYING) return PB_CART_STATUS_VERIFYING;
    if (p->cart_status == PB_CART_STATUS_OK && !board_cart_seated()) return PB_CART_STATUS_UNSEATED;
    return p->cart_status;
}

uint16_t cart_max(const pen_t *p)
{
    return p->slot != SLOT_EMPTY && p->rec_ok ? p->rec.max_um : 0;
}

static int reject_nak(uint8_t status)
{
    switch (status) {
    case PB_CART_STATUS_AUTH: return PB_NAK_CART_AUTH;
    case PB_CART_STATUS_EXPIRED: return PB_NAK_CART_EXPIRED;
    case PB_CART_STATUS_RECALLED: return PB_NAK_CART_RECALLED;
    case PB_CART_STATUS_REUSED: return PB_NAK_CART_REUSED;
    case PB_CART_STATUS_UNSEALED: return PB_NAK_CART_UNSEALED;
    case PB_CART_STATUS_FLUID: return PB_NAK_CART_FLUID;
    default: return PB_NAK_CART_SPENT;
    }
}

int cart_start_check(pen_t *p, uint16_t *max)
{
    /* SR-07: present, verified, authentic, in date at the moment of START, not recalled, never used, sealed, seated. */
    if (p->slot == SLOT_EMPTY) return PB_NAK_NO_CARTRIDGE;
    if (p->slot == SLOT_VERIFYING) return PB_NAK_BUSY;
    if (p->cart_status == PB_CART_STATUS_SPENT) return PB_NAK_CART_SPENT;
    if (p->cart_status != PB_CART_STATUS_OK) return reject_nak(p->cart_status);
    if (board_calendar_date() > p->rec.exp) {
        p->cart_status = PB_CART_STATUS_EXPIRED;
        return PB_NAK_CART_EXPIRED;
    }
    if (!board_cart_seated()) return PB_NAK_CART_UNSEATED;
    /* SR-03: the setpoint must not exceed the cartridge's rated max. */
    if (p->depth_um > p->rec.max_um) {
        *max = p->rec.max_um;
        return PB_NAK_DEPTH_CART_LIMIT;
    }
    return -1;
}

bool cart_record_fire(pen_t *p)
{
    /* SR-08: the id is in NVM, written atomically and durably, before the needles first fire. */
    if (p->fired) return true;
    if (!registry_mark(p, p->rec.id, REG_FIRED)) {
        fault_latch(p, PB_FAULT_NVM_WRITE, "registry full");
        return false;
    }
    if (!registry_save(p)) return false;
    p->fired = true;
    return true;
}
