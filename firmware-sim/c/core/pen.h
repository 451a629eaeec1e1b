/*
 * The portable pen core: the protocol (handshake, order of checks, dedupe,
 * lease), settings with their range, area and cartridge checks, START/STOP,
 * faults, the cartridge registry, the engineering session and telemetry,
 * written from protocol/PROTOCOL.md and DESIGN.md. It runs on any board that
 * implements board.h: call pen_boot() at power-up, pen_rx_byte() for every
 * received byte and pen_tick() every millisecond.
 *
 * What a pen cannot know without sensors it reads them through the board;
 * which safety rules that leaves to the hardware is said in PROTOCOL.md,
 * "Implementing a pen in C".
 */
#ifndef PEN_H
#define PEN_H

#include <stdbool.h>
#include <stdint.h>

#include "board.h"
#include "penbench_proto.h"
#include "profiles.h"

/** How many (seq, body, answer) the retransmission memory keeps (PROTOCOL.md section 9). */
#define PEN_MEMORY 64
/** Longest body of a well-formed host command (SIM_CART with a 24-character id is the longest: 51 bytes). */
#define PEN_BODY_MAX 64
/** Frames the transmit queue holds. */
#define PEN_TXQ 32
/** Cartridge ids the registry holds (fired, spent, contaminated). */
#define PEN_REGISTRY 256
#define PEN_RECALLS 8

/** The core's limits, as reported in INFO. */
#define PEN_DMIN 250
#define PEN_DMAX 2500
#define PEN_DSTEP 50
#define PEN_RMIN 50
#define PEN_RMAX 150
#define PEN_TMAX 200

typedef enum { MODE_BOOT, MODE_IDLE, MODE_RUN, MODE_STOPPING } pen_mode;
typedef enum { SLOT_EMPTY, SLOT_VERIFYING, SLOT_DONE } pen_slot;
typedef enum { ENG_LOCKED, ENG_CHALLENGED, ENG_OPEN } pen_eng;

/** One registry entry: a cartridge the pen must remember for good (SR-08, SR-09, SR-12). */
typedef struct {
    char id[25];
    uint8_t flags; /* REG_FIRED | REG_SPENT | REG_FLUID */
    uint16_t needle_on_s;
} pen_reg_entry;

#define REG_FIRED 1u
#define REG_SPENT 2u
#define REG_FLUID 4u

/** The registry as held in RAM; its image in NVM carries a generation and a MAC. */
typedef struct {
    uint32_t generation;
    uint16_t faults; /* persisted hazard faults (SR-14) */
    uint16_t count;
    uint8_t recalls;
    pen_reg_entry entries[PEN_REGISTRY];
    char recalled[PEN_RECALLS][17];
} pen_registry;

/** A frame waiting for the UART. */
typedef struct {
    uint16_t len;
    uint16_t sent;
    uint8_t tlm;
    char text[PB_LINE_BUF];
} pen_txframe;

/** A remembered answer (PROTOCOL.md section 9). */
typedef struct {
    uint16_t seq;
    uint8_t body_len;
    uint8_t answer_len;
    char body[PEN_BODY_MAX];
    char answer[PB_LINE_BUF];
} pen_memory;

/** Everything the pen holds in RAM; lost at power-off (NVM is the board's). */
typedef struct {
    uint32_t now; /* ms since power-up (TLM t=, ACK t=) */
    uint16_t tx_seq;
    pb_assembler_t rx;

    /* link */
    bool gate_open;
    uint32_t last_cmd_at; /* last well-formed host command (SR-11) */
    pen_memory memory[PEN_MEMORY];
    uint8_t memory_next, memory_count;

    /* transmit */
    pen_txframe txq[PEN_TXQ];
    uint8_t txq_head, txq_count;
    uint32_t tx_credit_milli; /* line budget, thousandths of a byte */
    uint32_t silence_until;   /* SIM_FAULT SILENCE */
    uint32_t silence_pending; /* … starting once its ACK is queued */
    uint16_t garbage_pending; /* SIM_FAULT GARBAGE: bytes to send after its ACK */
    uint8_t drop_pct, corrupt_pct;
    uint8_t drop_pending, corrupt_pending; /* percentage + 1, applied once the ACK is queued */
    uint32_t rng;             /* for the simulated link faults only, never for nonces */
    bool reboot_pending;      /* SIM_POWER CYCLE once the queue is empty */
    /* events raised while a command is being answered wait for its answer */
    bool answering;
    pb_msg_t deferred[8];
    uint8_t deferred_count;

    /* settings */
    uint16_t depth_um, rate_hz;
    int8_t area; /* row of the profile, -1: none */
    uint8_t tlm_hz;
    uint32_t tlm_acc;
    const pen_profile *profile;
    char phash[9];
    uint8_t passes;

    /* mode and motion */
    pen_mode mode;
    uint32_t mode_since;
    int32_t ref_um;        /* slew-limited depth reference (SR-04) */
    int32_t rate_ref_milli; /* ramped rate reference, mHz (SR-06) */
    uint32_t depth_off_ms, rate_off_ms;
    uint8_t selftest;      /* pb_self_test */
    bool selftest_bad;

    /* faults (SR-14) */
    uint16_t latched;
    bool nvm_write_failing;
    uint8_t reported;      /* pb_pen_state last reported by EVT STATE */

    /* cartridge */
    pen_slot slot;
    uint32_t verify_at;
    board_cart_record rec;
    bool rec_ok;           /* the record was read */
    uint8_t cart_status;   /* pb_cart_status once verified */
    bool passed_verification;
    bool fired;            /* fired during this insertion */
    bool present_seen;
    uint32_t needle_on_ms;
    uint32_t strokes;
    uint32_t stroke_milli;

    /* power */
    bool lowbat, charger_seen;
    bool skin_seen;
    uint32_t skin_since;

    /* engineering session (SR-17) */
    pen_eng eng;
    char nonce[17];
    uint32_t eng_used_at;

    /* non-volatile registry (SR-08) */
    pen_registry reg;
    bool reg_ok;
} pen_t;

/** Power-up: load NVM, start the self-test. */
void pen_boot(pen_t *p);
/** One received byte. */
void pen_rx_byte(pen_t *p, uint8_t byte);
/** Advance 1 ms: supervision, cartridge, telemetry, transmit. */
void pen_tick(pen_t *p);
/** True when nothing waits to be sent (a board powers off only then). */
bool pen_tx_idle(const pen_t *p);

#endif
