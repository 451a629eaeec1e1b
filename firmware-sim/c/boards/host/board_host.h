/* The host board's configuration, set from the command line by main.c. */
#ifndef PEN_BOARD_HOST_H
#define PEN_BOARD_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "board.h"

typedef struct {
    int uart_fd;
    uint32_t baud;
    const char *serial;
    const char *nvm_path;
    char counter_path[4096];
    /* --production: no SIM_* (sim=0) and no engineering key (ENG_* refused UNSUPPORTED), as a shipped pen */
    bool production;
} host_config;

extern host_config host;

#endif
