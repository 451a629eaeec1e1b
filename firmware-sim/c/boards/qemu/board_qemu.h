/* The QEMU board's configuration from its semihosting command line, and its UART. */
#ifndef PEN_BOARD_QEMU_H
#define PEN_BOARD_QEMU_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    char nvm_path[200];
    char counter_path[220];
    char serial[13];
} qemu_config;

extern qemu_config qemu;

/** Start the UART (115200 baud, RX interrupt) and SysTick (1 ms). */
void qemu_hw_init(void);
/** Milliseconds elapsed since qemu_hw_init (the FPGA's 25 MHz counter). */
uint32_t qemu_ticks(void);
/** A received byte, or -1. */
int qemu_rx(void);
/** Wait for an interrupt. */
void qemu_idle(void);

#endif
