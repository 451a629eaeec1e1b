/*
 * The QEMU board (MPS2 AN385, Cortex-M3): UART0 (CMSDK APB UART) on QEMU's
 * -serial pty, its RX interrupt filling a ring buffer; SysTick at 1 ms; NVM
 * as host files through semihosting, replaced by writing a temporary file and
 * renaming it (rename is atomic on the host; semihosting has no fsync, so the
 * image survives the emulated pen's power cycles and a QEMU crash, not a host
 * OS crash); the calendar and the random source are the host's clock and
 * /dev/urandom through semihosting: an emulated board's "hardware RNG" and
 * RTC. A real MCU uses its TRNG peripheral and RTC instead.
 */
#include "board_qemu.h"

#include <stdio.h>
#include <string.h>

#include "board.h"
#include "model.h"
#include "semihost.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define UART0 0x40004000u
#define UART_DATA (UART0 + 0x00)
#define UART_STATE (UART0 + 0x04)
#define UART_CTRL (UART0 + 0x08)
#define UART_INTCLR (UART0 + 0x0C)
#define UART_BAUDDIV (UART0 + 0x10)
#define SYST_CSR 0xE000E010u
#define SYST_RVR 0xE000E014u
#define SYST_CVR 0xE000E018u
#define NVIC_ISER0 0xE000E100u
/* The MPS2 FPGA's free-running counter at the 25 MHz system clock. */
#define FPGAIO_COUNTER 0x40028018u
#define SYSCLK 25000000u

qemu_config qemu;

static uint32_t last_count, spare_cycles, elapsed_ms;
static volatile uint8_t rx_ring[1024];
static volatile uint16_t rx_head, rx_tail;
static int urandom = -1;

/* The development keys of PROTOCOL.md: a real pen MUST NOT ship them. */
static const uint8_t ENG_KEY[] = "penbench-dev-engineering-key-01";
static const uint8_t FACTORY_KEY[] = "penbench-factory-key-sim-01";
static const uint8_t DEVICE_KEY[] = "penbench-c-qemu-device-key-01";

void SysTick_Handler(void);
void Uart0Rx_Handler(void);

void qemu_fault_tail(uint32_t pc, uint32_t lr, uint32_t cfsr, uint32_t hfsr);

void qemu_fault_tail(uint32_t pc, uint32_t lr, uint32_t cfsr, uint32_t hfsr)
{
    char text[96];
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    snprintf(text, sizeof text, "pen-qemu: FAULT exception %lu pc=%08lx lr=%08lx cfsr=%08lx hfsr=%08lx\n", (unsigned long)ipsr,
             (unsigned long)pc, (unsigned long)lr, (unsigned long)cfsr, (unsigned long)hfsr);
    sh_write0(text);
    for (;;) {}
}

/* SysTick only wakes the main loop every millisecond; the time itself comes from the free-running counter, so a
   host that descheduled QEMU for a while (and so coalesced several SysTick interrupts into one) loses no time. */
void SysTick_Handler(void)
{
}

void Uart0Rx_Handler(void)
{
    /* Clear the interrupt before draining, not after: a byte that arrives after the last read then raises it
       again. Cleared after, it would sit in the data register with no interrupt, and the UART (which takes
       no byte while one waits) would receive nothing more. */
    REG(UART_INTCLR) = 2u;
    while (REG(UART_STATE) & 2u) {
        uint8_t b = (uint8_t)REG(UART_DATA);
        uint16_t next = (uint16_t)((rx_head + 1u) % sizeof rx_ring);
        if (next != rx_tail) {
            rx_ring[rx_head] = b;
            rx_head = next;
        }
    }
}

void qemu_hw_init(void)
{
    REG(UART_BAUDDIV) = SYSCLK / 115200u;
    REG(UART_CTRL) = 1u | 2u | 8u; /* TX, RX, RX interrupt */
    REG(NVIC_ISER0) = 1u;          /* IRQ 0: UART0 RX */
    REG(SYST_RVR) = SYSCLK / 1000u - 1u;
    REG(SYST_CVR) = 0;
    REG(SYST_CSR) = 7u; /* processor clock, interrupt, enable */
    last_count = REG(FPGAIO_COUNTER);
}

uint32_t qemu_ticks(void)
{
    uint32_t now = REG(FPGAIO_COUNTER);
    spare_cycles += now - last_count; /* wraps every 171 s; the main loop reads it every millisecond */
    last_count = now;
    elapsed_ms += spare_cycles / (SYSCLK / 1000u);
    spare_cycles %= SYSCLK / 1000u;
    return elapsed_ms;
}

int qemu_rx(void)
{
    int b;
    if (rx_tail == rx_head) return -1;
    b = rx_ring[rx_tail];
    rx_tail = (uint16_t)((rx_tail + 1u) % sizeof rx_ring);
    return b;
}

void qemu_idle(void)
{
    __asm__ volatile("wfi");
}

const char *board_serial(void) { return qemu.serial; }
const char *board_firmware(void) { return "C-1.0"; }

const uint8_t *board_eng_key(size_t *len)
{
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

uint32_t board_uart_baud(void) { return 115200u; }

size_t board_uart_write(const uint8_t *data, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (REG(UART_STATE) & 1u) break; /* TX full */
        REG(UART_DATA) = data[i];
    }
    return i;
}

void board_power_cycle(void)
{
    /* SYSRESETREQ: QEMU resets the machine; RAM sections start again, the model above them stays. */
    REG(0xE000ED0Cu) = 0x05FA0004u;
    for (;;) {}
}

/* ---- NVM through semihosting ---------------------------------------------------------- */

static board_nvm_status read_file(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    int fd = sh_open(path, 1);
    long n;
    if (fd < 0) return sh_errno() == 2 /* ENOENT */ ? BOARD_NVM_ABSENT : BOARD_NVM_ERROR;
    n = sh_flen(fd);
    if (n < 0 || (size_t)n > cap || sh_read(fd, buf, (size_t)n) != 0) {
        sh_close(fd);
        return BOARD_NVM_ERROR;
    }
    sh_close(fd);
    *len = (size_t)n;
    return BOARD_NVM_OK;
}

static board_nvm_status write_file(const char *path, const uint8_t *buf, size_t len)
{
    char tmp[240];
    int fd;
    if (model.nvm_fail) return BOARD_NVM_ERROR; /* SIM_FAULT NVM_FAIL */
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    fd = sh_open(tmp, 5);
    if (fd < 0) return BOARD_NVM_ERROR;
    if (sh_write(fd, buf, len) != 0) {
        sh_close(fd);
        sh_remove(tmp);
        return BOARD_NVM_ERROR;
    }
    if (sh_close(fd) != 0 || sh_rename(tmp, path) != 0) {
        sh_remove(tmp);
        return BOARD_NVM_ERROR;
    }
    return BOARD_NVM_OK;
}

board_nvm_status board_nvm_read(uint8_t *buf, size_t cap, size_t *len) { return read_file(qemu.nvm_path, buf, cap, len); }
board_nvm_status board_nvm_write(const uint8_t *buf, size_t len) { return write_file(qemu.nvm_path, buf, len); }

board_nvm_status board_counter_read(uint32_t *value)
{
    uint8_t buf[16];
    size_t len = 0, i;
    uint32_t v = 0;
    board_nvm_status st = read_file(qemu.counter_path, buf, sizeof buf - 1, &len);
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
    return write_file(qemu.counter_path, (const uint8_t *)text, (size_t)n);
}

void board_nvm_erase(void)
{
    sh_remove(qemu.nvm_path);
}

uint32_t board_clock_seconds(void)
{
    return sh_time();
}

bool board_random(uint8_t *buf, size_t n)
{
    if (urandom < 0) urandom = sh_open("/dev/urandom", 1);
    return urandom >= 0 && sh_read(urandom, buf, n) == 0;
}
