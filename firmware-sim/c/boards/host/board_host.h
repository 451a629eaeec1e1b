/* The host board's configuration, set from the command line by main.c. */
#ifndef PEN_BOARD_HOST_H
#define PEN_BOARD_HOST_H

#include <stdint.h>

#include "board.h"

typedef struct {
    int uart_fd;
    uint32_t baud;
    const char *serial;
    const char *nvm_path;
    char counter_path[4096];
} host_config;

extern host_config host;

#endif
