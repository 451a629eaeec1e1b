/*
 * The QEMU board's main: its arguments come on the semihosting command line
 * (qemu-system-arm -semihosting-config enable=on,target=native,arg=pen,arg=--cartridge,arg=N12-OK-01 …):
 *   --cartridge ID|none   --nvm FILE (host path)   --serial S   --factory-reset   --seed N
 * After a power cycle (SIM_POWER CYCLE resets the machine) the model above RAM is still there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_qemu.h"
#include "model.h"
#include "pen.h"
#include "semihost.h"

#define MODEL_MAGIC 0x50454E4Du

static pen_t pen;

static void say(const char *text)
{
    sh_write0(text);
}

/* The command line, once: at a cold start the cartridge and the factory reset apply; after a power cycle only the paths. */
static void configure(bool cold)
{
    static char line[512];
    const model_sample *cart = NULL;
    unsigned long seed = 1;
    bool factory = false;
    char *tok;
    strcpy(qemu.serial, "PB-C-QEMU-01");
    strcpy(qemu.nvm_path, "pen-qemu.nvm");
    if (sh_cmdline(line, sizeof line) != 0) line[0] = '\0';
    tok = strtok(line, " "); /* the program name */
    while ((tok = strtok(NULL, " ")) != NULL) {
        char *v = NULL;
        if (strcmp(tok, "--factory-reset") == 0) {
            factory = true;
            continue;
        }
        v = strtok(NULL, " ");
        if (!v) break;
        if (strcmp(tok, "--cartridge") == 0) cart = strcmp(v, "none") == 0 ? NULL : model_sample_find(v);
        else if (strcmp(tok, "--nvm") == 0) snprintf(qemu.nvm_path, sizeof qemu.nvm_path, "%s", v);
        else if (strcmp(tok, "--serial") == 0) snprintf(qemu.serial, sizeof qemu.serial, "%s", v);
        else if (strcmp(tok, "--seed") == 0) seed = strtoul(v, NULL, 10);
    }
    snprintf(qemu.counter_path, sizeof qemu.counter_path, "%s.counter", qemu.nvm_path);
    if (!cold) return;
    if (factory) {
        sh_remove(qemu.nvm_path);
        sh_remove(qemu.counter_path);
        say("pen-qemu: factory reset of the registry\n");
    }
    model_init((uint32_t)seed, cart);
}

int main(void)
{
    uint32_t done;
    bool booted = false;
    bool cold = model.magic != MODEL_MAGIC;
    configure(cold);
    say(cold ? "pen-qemu: power-up\n" : "pen-qemu: power cycle\n");
    qemu_hw_init();
    pen_boot(&pen);
    done = qemu_ticks();
    for (;;) {
        int b;
        if (!booted && pen.mode != MODE_BOOT) {
            booted = true;
            say(pen.selftest == PB_SELFTEST_PASS ? "pen-qemu: booted, self-test PASS\n" : "pen-qemu: booted, self-test FAIL\n");
        }
        while ((b = qemu_rx()) >= 0) pen_rx_byte(&pen, (uint8_t)b);
        while (done != qemu_ticks()) {
            model_step();
            pen_tick(&pen);
            done++;
        }
        qemu_idle();
    }
}
