/* Functions the core's files share (not part of the board-facing API in pen.h). */
#ifndef PEN_INTERNAL_H
#define PEN_INTERNAL_H

#include "pen.h"

/* ---- outbox.c: frames out, in order, with telemetry shed first --------------- */

/** A zeroed message of a kind. */
void msg_init(pb_msg_t *m, uint8_t kind);
/** An EVT of name ev at the current time. */
void evt_init(pen_t *p, pb_msg_t *m, uint8_t ev);
/** Copy text into a str field, cut so that it fits 64 bytes once %-encoded and max_chars characters; bytes that are not printable ASCII become '?'. */
void put_text(char *dst, uint8_t *len, const char *text, size_t text_len, size_t max_chars);
/** Send an answer (its seq is taken now); the line sent goes to line/len for the retransmission memory. */
void out_answer(pen_t *p, pb_msg_t *m, char *line, size_t *len);
/** Send an event; while a command is being answered it waits for the answer (answers come before the events they cause). */
void out_event(pen_t *p, pb_msg_t *m);
/** Send the events a command caused, after its answer. */
void out_flush_deferred(pen_t *p);
/** Send a TLM frame (shed when the line is saturated; its seq then shows as a gap). */
void out_tlm(pen_t *p);
/** Queue bytes that are not a frame (SIM_FAULT GARBAGE). */
void out_raw(pen_t *p, const char *bytes, size_t n);
/** Resend a remembered answer exactly (PROTOCOL.md section 9). */
void out_replay(pen_t *p, const char *line, size_t len);
/** Move queued bytes to the UART within the line budget (new_ms: a millisecond passed, add its budget). */
void out_pump(pen_t *p, bool new_ms);
/** A NAK of code answering seq, with an optional message. */
void nak_init(pb_msg_t *m, uint16_t re, uint8_t code, const char *msg);

/* ---- state.c: the reported state ------------------------------------------------ */

/** The state reported in TLM s= and EVT STATE st= (PROTOCOL.md, pen behaviour: the first that applies). */
uint8_t pen_state(const pen_t *p);
/** Emit EVT STATE when the reported state changed. */
void state_report(pen_t *p);
/** Stop the motor and retract the needle at once (STOP, faults, lease, spent, charger). */
void motion_stop(pen_t *p);

/* ---- faults.c (SR-05, SR-06, SR-10, SR-11, SR-13, SR-14) --------------------------- */

/** Latch a fault: retract, stop, EVT FAULT; persist it if it is a hazard. */
void fault_latch(pen_t *p, uint8_t code, const char *msg);
/** The latched faults whose condition is still present. */
uint16_t fault_present(pen_t *p);
/** Supervision of one millisecond. */
void faults_tick(pen_t *p);
/** Faults a power cycle does not clear (SR-14). */
#define HAZARD_FAULTS ((uint16_t)(PB_FAULT_BIT(PB_FAULT_DEPTH_TOLERANCE) | PB_FAULT_BIT(PB_FAULT_RATE_DEVIATION) | \
    PB_FAULT_BIT(PB_FAULT_FLUID_INGRESS) | PB_FAULT_BIT(PB_FAULT_OVER_TEMP) | PB_FAULT_BIT(PB_FAULT_SELF_TEST) | \
    PB_FAULT_BIT(PB_FAULT_NVM_WRITE) | PB_FAULT_BIT(PB_FAULT_NVM_INTEGRITY)))

/* ---- cartridge.c (SR-07, SR-08, SR-09, SR-10, SR-12) ---------------------------------- */

void cart_tick(pen_t *p);
/** The cartridge checks of START, in order; -1 when it may start, else the NAK code (with *max for DEPTH_CART_LIMIT). */
int cart_start_check(pen_t *p, uint16_t *max);
/** Record the first fire of the inserted cartridge in NVM before the needle moves (SR-08); false when the write failed. */
bool cart_record_fire(pen_t *p);
/** CART_STATUS as GET_CART reports it now. */
uint8_t cart_status_now(const pen_t *p);
/** The rated max depth of the inserted cartridge, or 0 when none is inserted. */
uint16_t cart_max(const pen_t *p);

/* ---- registry.c (SR-08, SR-14) ----------------------------------------------------- */

/** Load and check the registry at power-up (NVM_INTEGRITY on any doubt). */
void registry_boot(pen_t *p);
/** Write the registry (a new generation); latches NVM_WRITE or NVM_INTEGRITY and returns false on failure. */
bool registry_save(pen_t *p);
pen_reg_entry *registry_find(pen_t *p, const char *id);
/** Set flags on id's entry (creating it); false when the registry is full. */
bool registry_mark(pen_t *p, const char *id, uint8_t flags);
bool registry_recalled(const pen_t *p, const char *lot);

/* ---- eng.c (SR-17) -------------------------------------------------------------------- */

void eng_close(pen_t *p, const char *why);
void eng_tick(pen_t *p);
/** ENG_OPEN, ENG_AUTH, ENG_CLOSE. */
void eng_command(pen_t *p, const pb_msg_t *m, pb_msg_t *answer);

/* ---- commands.c -------------------------------------------------------------------------- */

/** Execute a well-formed host command that passed the gate and the retransmission memory; fills its answer. */
void cmd_execute(pen_t *p, const pb_msg_t *m, pb_msg_t *answer);
/** STOP (SR-16): stop first, then the ACK with the time the retraction began. */
void cmd_stop(pen_t *p, uint16_t seq);
/** The INFO answer. */
void info_answer(pen_t *p, uint16_t re, pb_msg_t *a);

/* ---- sim.c: the engineering build's fault injection --------------------------------------- */

/** SIM_* after the session check; fills the answer. */
void sim_execute(pen_t *p, const pb_msg_t *m, pb_msg_t *answer);

#endif
