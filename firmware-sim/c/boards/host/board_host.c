/*
 * The host board's hardware (POSIX): the UART is a pseudo-terminal's master
 * side paced at the configured baud rate, NVM is a file replaced atomically
 * and durably (temporary file, fsync, rename, fsync of the folder), the
 * monotonic counter a second file beside it, the calendar the host's clock,
 * the random source getrandom(2) (the kernel's CSPRNG, as /dev/urandom).
 */
#define _GNU_SOURCE
#include "board_host.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model.h"

host_config host;

/* The development keys of PROTOCOL.md: a real pen MUST NOT ship them. */
static const uint8_t ENG_KEY[] = "penbench-dev-engineering-key-01";
static const uint8_t FACTORY_KEY[] = "penbench-factory-key-sim-01";
static const uint8_t DEVICE_KEY[] = "penbench-c-host-device-key-01";

const char *board_serial(void) { return host.serial; }
const char *board_firmware(void) { return "C-1.0"; }

const uint8_t *board_eng_key(size_t *len)
{
    if (host.production) return NULL;
    *len = sizeof ENG_KEY - 1;
    return ENG_KEY;
}

const uint8_t *board_factory_key(size_t *len)
{
    *len = sizeof FACTORY_KEY - 1;
    return FACTORY_KEY;
}

const uint8_t *board_device_key(size_t *len)
{
    *len = sizeof DEVICE_KEY - 1;
    return DEVICE_KEY;
}

uint32_t board_uart_baud(void) { return host.baud; }

size_t board_uart_write(const uint8_t *data, size_t n)
{
    ssize_t w = write(host.uart_fd, data, n);
    return w > 0 ? (size_t)w : 0;
}

/* ---- NVM: files, written atomically and durably ----------------------------------------- */

static board_nvm_status read_file(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    size_t n = 0;
    if (fd < 0) return errno == ENOENT ? BOARD_NVM_ABSENT : BOARD_NVM_ERROR;
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            close(fd);
            return BOARD_NVM_ERROR;
        }
        if (r == 0) break;
        n += (size_t)r;
        if (n == cap) {
            /* Larger than any image this pen writes: not ours. */
            uint8_t extra;
            ssize_t more = read(fd, &extra, 1);
            close(fd);
            return more == 0 ? (*len = n, BOARD_NVM_OK) : BOARD_NVM_ERROR;
        }
    }
    close(fd);
    *len = n;
    return BOARD_NVM_OK;
}

static board_nvm_status write_file(const char *path, const uint8_t *buf, size_t len)
{
    char tmp[4200], dir[4096];
    char *slash;
    int fd, dfd;
    size_t off = 0;
    if (model.nvm_fail) return BOARD_NVM_ERROR; /* SIM_FAULT NVM_FAIL */
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) return BOARD_NVM_ERROR;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return BOARD_NVM_ERROR;
    while (off < len) {
        ssize_t w = write(fd, buf + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            return BOARD_NVM_ERROR;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return BOARD_NVM_ERROR;
    }
    /* The rename itself is durable only once the folder is synced. */
    snprintf(dir, sizeof dir, "%s", path);
    slash = strrchr(dir, '/');
    if (slash == dir) slash[1] = '\0';
    else if (slash) *slash = '\0';
    else strcpy(dir, ".");
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return BOARD_NVM_ERROR;
    if (fsync(dfd) != 0) {
        close(dfd);
        return BOARD_NVM_ERROR;
    }
    close(dfd);
    return BOARD_NVM_OK;
}

board_nvm_status board_nvm_read(uint8_t *buf, size_t cap, size_t *len) { return read_file(host.nvm_path, buf, cap, len); }
board_nvm_status board_nvm_write(const uint8_t *buf, size_t len) { return write_file(host.nvm_path, buf, len); }

board_nvm_status board_counter_read(uint32_t *value)
{
    uint8_t buf[16];
    size_t len = 0, i;
    uint32_t v = 0;
    board_nvm_status st = read_file(host.counter_path, buf, sizeof buf - 1, &len);
    if (st != BOARD_NVM_OK) return st;
    if (len == 0 || len > 10) return BOARD_NVM_ERROR;
    for (i = 0; i < len; i++) {
        if (buf[i] < '0' || buf[i] > '9') return BOARD_NVM_ERROR;
        v = v * 10u + (uint32_t)(buf[i] - '0');
    }
    *value = v;
    return BOARD_NVM_OK;
}

board_nvm_status board_counter_write(uint32_t value)
{
    char text[16];
    int n = snprintf(text, sizeof text, "%lu", (unsigned long)value);
    return write_file(host.counter_path, (const uint8_t *)text, (size_t)n);
}

void board_nvm_erase(void)
{
    unlink(host.nvm_path);
}

/* ---- clock and entropy -------------------------------------------------------------------- */

uint32_t board_clock_seconds(void)
{
    return (uint32_t)time(NULL);
}

bool board_random(uint8_t *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        got += (size_t)r;
    }
    return true;
}
