/*
 * The host board: the C pen as a POSIX process serving a pseudo-terminal.
 * It prints "PTY <path>" on stdout; open that path like a USB pen (the
 * console's "Other path", the HIL suite's --target, picocom).
 *
 *   pen-host [--cartridge ID|none] [--nvm FILE] [--serial S] [--baud N] [--seed N] [--factory-reset]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "board_host.h"
#include "model.h"
#include "pen.h"

static pen_t pen;
static volatile sig_atomic_t stopping;

static const char USAGE[] =
    "penbench C pen, host board: serves the line protocol on a pseudo-terminal and prints PTY <path>\n"
    "\n"
    "  --cartridge ID|none  sample cartridge fitted at power-up (firmware-sim/src/cartridge/samples.json), default none\n"
    "  --nvm FILE           the registry image (FILE.counter beside it), default $XDG_DATA_HOME/penbench/c-pen-host.nvm\n"
    "  --serial S           serial number, a token of 1..12 characters [A-Z0-9_.-], default PB-C-HOST-01\n"
    "  --baud N             emulated UART speed 0..4000000 (0: unthrottled), default 115200\n"
    "  --seed N             seed of the emulated hardware's noise, default 1\n"
    "  --factory-reset      erase the registry and its counter first (a deliberate factory reset)\n"
    "  --production         behave as a shipped pen: INFO sim=0, SIM_* and ENG_* refused UNSUPPORTED\n"
    "  --help               this text\n";

void board_power_cycle(void)
{
    /* SIM_POWER CYCLE: the pen's RAM is lost; NVM and the outside world (the model) stay. */
    pen_boot(&pen);
}

static int usage_error(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "pen-host: ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\n%s", USAGE);
    return 2;
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long v;
    if (!*s || *s == '-' || *s == '+') return false;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v > max) return false;
    *out = v;
    return true;
}

static bool is_token(const char *s, size_t max)
{
    size_t n = strlen(s), i;
    if (n < 1 || n > max) return false;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) return false;
    }
    return true;
}

static char default_nvm[4096];

static const char *default_nvm_path(void)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char dir[4000];
    if (xdg && *xdg) snprintf(dir, sizeof dir, "%s/penbench", xdg);
    else snprintf(dir, sizeof dir, "%s/.local/share/penbench", home ? home : ".");
    {
        /* mkdir -p of the data folder */
        char *s;
        for (s = dir + 1; *s; s++) {
            if (*s == '/') {
                *s = '\0';
                mkdir(dir, 0700);
                *s = '/';
            }
        }
        mkdir(dir, 0700);
    }
    snprintf(default_nvm, sizeof default_nvm, "%s/c-pen-host.nvm", dir);
    return default_nvm;
}

/* A pseudo-terminal in raw mode whose slave side this process keeps open, so the master never sees a hangup
   while no host is connected, and nothing the pen writes is echoed back to it. */
static int open_pty(char *path, size_t cap)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), slave;
    struct termios t;
    const char *name;
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 || !(name = ptsname(master))) return -1;
    snprintf(path, cap, "%s", name);
    slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0 || tcgetattr(slave, &t) != 0) return -1;
    cfmakeraw(&t);
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    if (tcsetattr(slave, TCSANOW, &t) != 0) return -1;
    if (fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK) != 0) return -1;
    return master;
}

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

int main(int argc, char **argv)
{
    const model_sample *cart = NULL;
    unsigned long baud = 115200, seed = 1;
    bool factory_reset = false, booted = false;
    char pty[256];
    uint64_t next;
    int i;
    host.serial = "PB-C-HOST-01";
    host.nvm_path = NULL;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return 0;
        }
        if (strcmp(a, "--factory-reset") == 0) {
            factory_reset = true;
            continue;
        }
        if (strcmp(a, "--production") == 0) {
            host.production = true;
            continue;
        }
        if (strcmp(a, "--cartridge") != 0 && strcmp(a, "--nvm") != 0 && strcmp(a, "--serial") != 0 && strcmp(a, "--baud") != 0 &&
            strcmp(a, "--seed") != 0) {
            return usage_error("unknown option \"%s\"%s; allowed: --cartridge, --nvm, --serial, --baud, --seed, --factory-reset, --production, --help", a, "");
        }
        if (!v) return usage_error("%s needs a value%s", a, "");
        i++;
        if (strcmp(a, "--cartridge") == 0) {
            if (strcmp(v, "none") == 0) cart = NULL;
            else if (!(cart = model_sample_find(v))) return usage_error("--cartridge: \"%s\" is not a sample cartridge id (e.g. N12-OK-01) or none%s", v, "");
        } else if (strcmp(a, "--nvm") == 0) {
            if (!*v) return usage_error("--nvm: an empty path%s%s", "", "");
            host.nvm_path = v;
        } else if (strcmp(a, "--serial") == 0) {
            if (!is_token(v, 12)) return usage_error("--serial: \"%s\" is not a token of 1..12 characters [A-Z0-9_.-]%s", v, "");
            host.serial = v;
        } else if (strcmp(a, "--baud") == 0) {
            if (!parse_uint(v, 4000000, &baud)) return usage_error("--baud: \"%s\" is not an integer 0..4000000%s", v, "");
        } else if (!parse_uint(v, 4294967295ul, &seed)) {
            return usage_error("--seed: \"%s\" is not an integer 0..4294967295%s", v, "");
        }
    }
    if (!host.nvm_path) host.nvm_path = default_nvm_path();
    snprintf(host.counter_path, sizeof host.counter_path, "%s.counter", host.nvm_path);
    host.baud = (uint32_t)baud;
    if (factory_reset) {
        /* A pen whose registry and counter are both gone provisions the factory image at power-up. */
        unlink(host.nvm_path);
        unlink(host.counter_path);
        fprintf(stderr, "pen-host: factory reset of %s\n", host.nvm_path);
    }
    host.uart_fd = open_pty(pty, sizeof pty);
    if (host.uart_fd < 0) {
        fprintf(stderr, "pen-host: cannot open a pseudo-terminal: %s\n", strerror(errno));
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    model_init((uint32_t)seed, cart);
    model_sim = !host.production;
    pen_boot(&pen);
    printf("PTY %s\n", pty);
    fflush(stdout);
    fprintf(stderr, "pen-host: serial %s, cartridge %s, nvm %s, %lu baud%s\n", host.serial, cart ? cart->id : "none", host.nvm_path, baud,
            host.production ? ", production (sim=0, no engineering key)" : "");
    next = mono_ns() + 1000000u;
    while (!stopping) {
        if (pen.mode == MODE_BOOT) booted = false;
        else if (!booted) {
            /* For whoever started the process: the self-test is over and commands are served. */
            booted = true;
            fprintf(stderr, "pen-host: booted, self-test %s\n", pb_self_test_names[pen.selftest]);
        }
        uint64_t now = mono_ns();
        struct pollfd pfd;
        struct timespec wait;
        int ticks = 0;
        /* Catch up on every millisecond that passed (the model's physics steps 1 ms at a time), at most a second. */
        while (now >= next && ticks < 1000) {
            model_step();
            pen_tick(&pen);
            next += 1000000u;
            ticks++;
        }
        if (ticks == 1000) next = now + 1000000u;
        now = mono_ns();
        wait.tv_sec = 0;
        wait.tv_nsec = next > now ? (long)(next - now) : 0;
        pfd.fd = host.uart_fd;
        pfd.events = POLLIN;
        pfd.revents = 0;
        if (ppoll(&pfd, 1, &wait, NULL) > 0 && (pfd.revents & POLLIN)) {
            uint8_t buf[4096];
            ssize_t n = read(host.uart_fd, buf, sizeof buf), k;
            for (k = 0; k < n; k++) pen_rx_byte(&pen, buf[k]);
        }
    }
    close(host.uart_fd);
    return 0;
}
