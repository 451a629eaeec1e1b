/*
 * The emulated handpiece both boards share: a depth servo with a position
 * sensor, the stroke motor, heat, battery, the operator's hand and the
 * cartridge slot, stepped every millisecond, plus the SIM_* injections that
 * act on them. It implements the physical part of board.h; each board adds
 * its UART, NVM, clock and random source.
 *
 * Integer arithmetic only (a Cortex-M3 has no FPU).
 */
#ifndef PEN_MODEL_H
#define PEN_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/** A sample cartridge of firmware-sim/src/cartridge/samples.json (the table is generated at build time). */
typedef struct {
    const char *id;
    const char *lot;
    uint8_t type; /* pb_cart_type */
    uint8_t needles;
    uint16_t max_um;
    uint32_t exp;
    uint8_t sealed;
    const char *mac;
} model_sample;

extern const model_sample MODEL_SAMPLES[];
extern const unsigned MODEL_SAMPLE_COUNT;

/** The sample with this id, or NULL. */
const model_sample *model_sample_find(const char *id);

/** The outside world of the pen: survives the pen's power cycles (SIM_POWER CYCLE). */
typedef struct {
    uint32_t magic;
    /* depth servo: position in nm, the commanded target and speed */
    int32_t pos_nm;
    int32_t target_um;
    int32_t speed_um_ms;
    int32_t drift_um_s;
    bool stuck;
    /* motor, mHz */
    int32_t rate_mhz;
    int32_t motor_hz;
    bool stall, overload;
    /* heat, µ°C; the injected heat source, 0.1 °C */
    int64_t temp_uc;
    int32_t heat_dc;
    /* battery, nano-percent */
    int64_t battery_npct;
    bool charger;
    /* the operator's hand: 0 AUTO, 1 ON, 2 OFF */
    uint8_t hand;
    bool skin;
    int32_t hand_timer_ms;
    /* the cartridge slot */
    bool present, seated, fluid;
    const model_sample *cart;
    /* NVM and calendar injections */
    bool nvm_fail;
    int32_t clock_offset_s;
    uint32_t rng;
} model_t;

#ifdef MODEL_AT_ADDRESS
/* The QEMU board keeps the outside world at a fixed address above its RAM sections, so a system reset keeps it. */
#define model (*(model_t *)(MODEL_AT_ADDRESS))
#else
extern model_t model;
#endif

/**
 * Whether the board takes SIM_* (INFO sim=1). The host board's --production
 * clears it: a pen as shipped, whose SIM_* are refused UNSUPPORTED.
 */
extern bool model_sim;

/** Cold start of the outside world: full battery, room temperature, the given sample inserted (NULL: none). */
void model_init(uint32_t seed, const model_sample *cart);
/** One millisecond of physics. */
void model_step(void);

/* Provided by each board. */
/** Seconds since 1970 from the board's clock (the calendar adds SIM_FAULT CLOCK's offset). */
uint32_t board_clock_seconds(void);
/** Erase the registry image (SIM_FAULT NVM_WIPE): the pen finds it gone at its next read or write. */
void board_nvm_erase(void);

/** YYYYMMDD of a time in seconds since 1970 (UTC). */
uint32_t model_date(int64_t seconds);

#endif
