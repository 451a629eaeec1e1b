/*
 * The board interface: everything the portable pen core (pen.h) needs from
 * the hardware, implemented once per board (boards/host, boards/qemu). A real
 * pen implements these over its UART, depth servo and position sensor, motor
 * driver, cartridge reader, thermistor, fuel gauge, NVM, RTC and RNG.
 *
 * The core calls them from its 1 ms tick and from pen_rx_byte(); none may block.
 *
 * What the core cannot enforce by itself, it relies on here: the servo must honour
 * the speed limit it is given (SR-04 at the needle) and retract at once (SR-16),
 * with a mechanical stop at 2.5 mm; depth and rate supervision (SR-05, SR-06) is
 * only as true as the position sensor and the rate measurement; presence,
 * seating, seal, fluid, temperature and battery (SR-07, SR-10, SR-12, SR-13) are
 * sensors; the cartridge MAC (SR-07) is as strong as the factory key's secrecy,
 * expiry as the RTC; the registry (SR-08) as the counter kept apart from the
 * image; the engineering nonces (SR-17) as the random source.
 */
#ifndef PEN_BOARD_H
#define PEN_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "penbench_proto.h"

/* ---- identity --------------------------------------------------------------- */

/** Serial number as reported in INFO (a token of at most 12 characters). */
const char *board_serial(void);
/** Firmware version as reported in INFO (a token of at most 8 characters). */
const char *board_firmware(void);
/** The engineering key (SR-17); NULL when the board refuses engineering sessions (then ENG_* answer UNSUPPORTED). */
const uint8_t *board_eng_key(size_t *len);
/** The cartridge factory key the record MACs are checked with (SR-07). */
const uint8_t *board_factory_key(size_t *len);
/** The device key the NVM registry's MAC is made with (SR-08). */
const uint8_t *board_device_key(size_t *len);

/* ---- UART ------------------------------------------------------------------- */

/** Line speed in baud (the core sheds telemetry by line time); 0 = no limit. */
uint32_t board_uart_baud(void);
/** Hand bytes to the UART without blocking; returns how many it took (fewer when its FIFO or line budget is full). */
size_t board_uart_write(const uint8_t *data, size_t n);

/* ---- depth servo and sensor (SR-04, SR-05) ------------------------------------ */

/** Drive the needle towards target_um, moving at most max_um_per_ms (SR-04: 1 while extended; retraction is fast). */
void board_depth_drive(int32_t target_um, uint16_t max_um_per_ms);
/** Measured needle depth, µm (0 when retracted). */
int32_t board_depth_read(void);
/** The servo driver's diagnostic: false while it reports a fault (slip, stuck). */
bool board_depth_driver_ok(void);

/* ---- motor (SR-06) -------------------------------------------------------------- */

/** Run the stroke motor at hz (0 = off). */
void board_motor_drive(uint16_t hz);
/** Measured stroke rate, Hz. */
uint16_t board_motor_read(void);
/** The motor driver's diagnostic: false while it reports a stall or overload. */
bool board_motor_driver_ok(void);

/* ---- sensors (SR-13) ------------------------------------------------------------- */

/** Handpiece temperature, 0.1 °C. */
int16_t board_temperature(void);
/** Battery charge, %. */
uint8_t board_battery(void);
/** On the charger. */
bool board_charger(void);
/** Skin contact (for passes). */
bool board_skin(void);

/* ---- cartridge reader (SR-07, SR-10, SR-12) -------------------------------------- */

/** A cartridge's factory record as read from its chip. */
typedef struct {
    char id[25];
    char lot[17];
    uint8_t type; /* pb_cart_type */
    uint8_t needles;
    uint16_t max_um;
    uint32_t exp; /* YYYYMMDD */
    char mac[17]; /* 16 upper-case hex digits */
} board_cart_record;

bool board_cart_present(void);
bool board_cart_seated(void);
/** The sterile seal sensor. */
bool board_cart_sealed(void);
/** The membrane's fluid sensor (SR-12). */
bool board_cart_fluid(void);
/** Read the record from the cartridge's chip; false when there is none or it cannot be read. */
bool board_cart_read(board_cart_record *rec);

/* ---- non-volatile memory (SR-08, SR-14) -------------------------------------------- */

typedef enum { BOARD_NVM_OK = 0, BOARD_NVM_ABSENT, BOARD_NVM_ERROR } board_nvm_status;

/** Read the registry image; BOARD_NVM_ABSENT when none was ever written (or it was erased). */
board_nvm_status board_nvm_read(uint8_t *buf, size_t cap, size_t *len);
/** Replace the registry image atomically and durably: after a power loss the old or the new image is there, whole. */
board_nvm_status board_nvm_write(const uint8_t *buf, size_t len);
/** A monotonic counter kept apart from the image (a secure element on a real pen): the image's generation. */
board_nvm_status board_counter_read(uint32_t *value);
board_nvm_status board_counter_write(uint32_t value);

/* ---- time and entropy ---------------------------------------------------------- */

/** The pen's calendar date as YYYYMMDD (its RTC), for expiry checks (SR-07). */
uint32_t board_calendar_date(void);
/** n bytes from a cryptographically secure random source (SR-17 nonces); false when it failed. */
bool board_random(uint8_t *buf, size_t n);

/* ---- the emulated hardware's engineering hooks ------------------------------------ */

/** True when the board emulates its hardware and takes SIM_* commands (INFO sim=1). */
bool board_has_sim(void);
/**
 * Apply a SIM_FAULT (its model part), SIM_CART, SIM_SKIN or SIM_POWER charger command to the emulated
 * hardware. Returns -1 when applied, else the NAK code to refuse it with; *why names the reason for BAD_ARGS.
 */
int board_sim(const pb_msg_t *cmd, const char **why);
/** Power the pen off and on (SIM_POWER CYCLE), once the ACK has left: RAM is lost, NVM and the outside world stay. */
void board_power_cycle(void);

#endif
