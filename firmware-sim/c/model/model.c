/*
 * The emulated handpiece (see model.h). Figures follow PROTOCOL.md's pen
 * behaviour where it gives them: the servo moves no faster than the core
 * allows and retracts at up to 500 µm/ms, position sensor noise ±8 µm; the
 * motor follows with a 40 ms time constant, skin contact loads it by 2 %, an
 * overload by 30 %, a stall to 0 Hz; the handpiece warms ≈ 9 °C at 150 Hz
 * with a 60 s time constant; the battery drains ≈ 60 %/h at 150 Hz and
 * charges 60 %/h; the hand glides on skin 4–8 s, lifted 0.5–1.5 s.
 */
#include "model.h"

#include <string.h>

#include "board.h"

#ifndef MODEL_AT_ADDRESS
model_t model;
#endif

#define MAGIC 0x50454E4Du
#define AMBIENT_UC 25000000LL
/** A cold source cools towards the room, no further: the handpiece has no refrigeration. */
#define FLOOR_UC 20000000LL
#define FULL_NPCT 100000000000LL
/** 60 % an hour at 150 Hz, in nano-percent a millisecond. */
#define DRAIN_150HZ_NPCT_MS 16667LL

const model_sample *model_sample_find(const char *id)
{
    unsigned i;
    for (i = 0; i < MODEL_SAMPLE_COUNT; i++) if (strcmp(MODEL_SAMPLES[i].id, id) == 0) return &MODEL_SAMPLES[i];
    return NULL;
}

static uint32_t rnd(void)
{
    uint32_t x = model.rng ? model.rng : 0x2545F491u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    model.rng = x;
    return x;
}

void model_init(uint32_t seed, const model_sample *cart)
{
    memset(&model, 0, sizeof model);
    model.magic = MAGIC;
    model.rng = seed ? seed : 1u;
    model.temp_uc = AMBIENT_UC;
    model.battery_npct = FULL_NPCT;
    if (cart) {
        model.present = model.seated = true;
        model.cart = cart;
    }
}

static void step_servo(void)
{
    int32_t err = model.target_um * 1000 - model.pos_nm, v = model.speed_um_ms * 1000;
    /* A stuck servo does not move the needle, except back home: retraction is a separate path. */
    bool retracting = model.target_um == 0 && model.speed_um_ms >= 100;
    if (!model.stuck || retracting) {
        if (err > v) err = v;
        if (err < -v) err = -v;
        model.pos_nm += err;
    }
    if (model.drift_um_s && model.pos_nm > 0 && !retracting) model.pos_nm -= model.drift_um_s;
    /* The mechanical stop: nothing ever goes deeper than 2.5 mm. */
    if (model.pos_nm < 0) model.pos_nm = 0;
    if (model.pos_nm > 2500000) model.pos_nm = 2500000;
}

static void step_motor(void)
{
    int32_t target = model.motor_hz * 1000;
    if (model.stall) target = 0;
    else if (model.overload) target = target * 7 / 10;
    else if (model.skin) target = target * 98 / 100;
    model.rate_mhz += (target - model.rate_mhz) / 40;
}

static void step_heat_battery(void)
{
    int64_t target = AMBIENT_UC + 9000000LL * model.rate_mhz / 150000 + (int64_t)model.heat_dc * 100000LL;
    model.temp_uc += (target - model.temp_uc) / 60000;
    if (model.temp_uc < FLOOR_UC && target < model.temp_uc) model.temp_uc = FLOOR_UC;
    if (model.charger) model.battery_npct += DRAIN_150HZ_NPCT_MS;
    else model.battery_npct -= DRAIN_150HZ_NPCT_MS * model.rate_mhz / 150000;
    if (model.battery_npct > FULL_NPCT) model.battery_npct = FULL_NPCT;
    if (model.battery_npct < 0) model.battery_npct = 0;
}

static void step_hand(void)
{
    if (model.hand == 1) model.skin = true;
    else if (model.hand == 2) model.skin = false;
    else if (model.motor_hz == 0) {
        /* Nobody glides an idle pen over skin. */
        model.skin = false;
        model.hand_timer_ms = 0;
    } else if (--model.hand_timer_ms <= 0) {
        model.skin = !model.skin;
        model.hand_timer_ms = model.skin ? 4000 + (int32_t)(rnd() % 4001u) : 500 + (int32_t)(rnd() % 1001u);
    }
}

void model_step(void)
{
    step_servo();
    step_motor();
    step_heat_battery();
    step_hand();
}

/* ---- the physical half of board.h ------------------------------------------------ */

void board_depth_drive(int32_t target_um, uint16_t max_um_per_ms)
{
    model.target_um = target_um;
    model.speed_um_ms = max_um_per_ms;
}

int32_t board_depth_read(void)
{
    int32_t um = model.pos_nm / 1000;
    if (model.pos_nm == 0) return 0;
    um += (int32_t)(rnd() % 17u) - 8;
    return um < 0 ? 0 : um;
}

bool board_depth_driver_ok(void) { return !model.stuck && model.drift_um_s == 0; }
void board_motor_drive(uint16_t hz) { model.motor_hz = hz; }
uint16_t board_motor_read(void) { return (uint16_t)((model.rate_mhz + 500) / 1000); }
bool board_motor_driver_ok(void) { return !model.stall && !model.overload; }

int16_t board_temperature(void)
{
    int64_t d = model.temp_uc / 100000;
    return (int16_t)(d < -400 ? -400 : d > 1500 ? 1500 : d);
}

uint8_t board_battery(void) { return (uint8_t)(model.battery_npct / 1000000000LL); }
bool board_charger(void) { return model.charger; }
bool board_skin(void) { return model.skin; }
bool board_cart_present(void) { return model.present; }
bool board_cart_seated(void) { return model.present && model.seated; }
bool board_cart_sealed(void) { return model.present && model.cart && model.cart->sealed; }
bool board_cart_fluid(void) { return model.present && model.fluid; }

bool board_cart_read(board_cart_record *rec)
{
    const model_sample *s = model.cart;
    if (!model.present || !s) return false;
    strncpy(rec->id, s->id, sizeof rec->id - 1);
    strncpy(rec->lot, s->lot, sizeof rec->lot - 1);
    rec->type = s->type;
    rec->needles = s->needles;
    rec->max_um = s->max_um;
    rec->exp = s->exp;
    strncpy(rec->mac, s->mac, sizeof rec->mac - 1);
    return true;
}

uint32_t model_date(int64_t seconds)
{
    /* Days since 1970 to a civil date (H. Hinnant's algorithm). */
    int64_t z = (seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400) + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    return (uint32_t)(y * 10000 + m * 100 + d);
}

uint32_t board_calendar_date(void)
{
    return model_date((int64_t)board_clock_seconds() + model.clock_offset_s);
}

bool model_sim = true;

bool board_has_sim(void)
{
    return model_sim;
}

static int sim_fault(const pb_sim_fault_t *f, const char **why)
{
    int32_t v = f->v;
    switch (f->f) {
    case PB_SIM_FAULT_DEPTH_DRIFT: model.drift_um_s = f->has_v ? v : 2000; return -1;
    case PB_SIM_FAULT_SERVO_STUCK: model.stuck = true; return -1;
    case PB_SIM_FAULT_STALL: model.stall = true; return -1;
    case PB_SIM_FAULT_OVERLOAD: model.overload = true; return -1;
    case PB_SIM_FAULT_FLUID:
        if (!model.present) return PB_NAK_NO_CARTRIDGE;
        model.fluid = true;
        return -1;
    case PB_SIM_FAULT_OVERTEMP: model.heat_dc = f->has_v ? v : 300; return -1;
    case PB_SIM_FAULT_BATTERY:
        if (f->has_v && (v < 0 || v > 100)) {
            *why = "v: a battery level of 0..100 %";
            return PB_NAK_BAD_ARGS;
        }
        model.battery_npct = (int64_t)(f->has_v ? v : 5) * 1000000000LL;
        return -1;
    case PB_SIM_FAULT_CLEAR:
        model.drift_um_s = 0;
        model.stuck = model.stall = model.overload = model.nvm_fail = false;
        model.heat_dc = 0;
        return -1;
    case PB_SIM_FAULT_NVM_FAIL: model.nvm_fail = true; return -1;
    case PB_SIM_FAULT_NVM_WIPE: board_nvm_erase(); return -1;
    case PB_SIM_FAULT_CLOCK: model.clock_offset_s += f->has_v ? v : 86400; return -1;
    default:
        *why = "not a fault of the emulated hardware";
        return PB_NAK_UNSUPPORTED;
    }
}

static int sim_cart(const pb_sim_cart_t *c, const char **why)
{
    if (c->op == PB_SIM_CART_OP_INSERT) {
        const model_sample *s;
        if (!c->has_id) {
            *why = "id: missing (a sample cartridge id)";
            return PB_NAK_BAD_ARGS;
        }
        s = model_sample_find(c->id);
        if (!s) {
            *why = "id: not a sample cartridge";
            return PB_NAK_BAD_ARGS;
        }
        if (model.present) {
            *why = "a cartridge is already inserted";
            return PB_NAK_BAD_STATE;
        }
        model.cart = s;
        model.present = model.seated = true;
        model.fluid = false;
        return -1;
    }
    if (!model.present) return PB_NAK_NO_CARTRIDGE;
    if (c->op == PB_SIM_CART_OP_REMOVE) {
        model.present = model.seated = model.fluid = false;
        model.cart = NULL;
    } else {
        model.seated = c->op == PB_SIM_CART_OP_SEAT;
    }
    return -1;
}

int board_sim(const pb_msg_t *cmd, const char **why)
{
    switch (cmd->kind) {
    case PB_KIND_SIM_FAULT: return sim_fault(&cmd->u.sim_fault, why);
    case PB_KIND_SIM_CART: return sim_cart(&cmd->u.sim_cart, why);
    case PB_KIND_SIM_SKIN:
        model.hand = cmd->u.sim_skin.mode;
        model.hand_timer_ms = 0;
        return -1;
    case PB_KIND_SIM_POWER:
        model.charger = cmd->u.sim_power.op == PB_SIM_POWER_OP_CHARGER_ON;
        return -1;
    default:
        return PB_NAK_UNSUPPORTED;
    }
}
