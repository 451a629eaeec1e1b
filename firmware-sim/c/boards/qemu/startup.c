/* Cortex-M3 start-up for the MPS2 AN385: the vector table, .data and .bss set-up, then main(). */
#include <stdint.h>
#include <string.h>

extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;
int main(void);
void Reset_Handler(void);
void SysTick_Handler(void);
void Uart0Rx_Handler(void);



/* A fault in the firmware: report where (semihosting console), then stop; a real pen's watchdog would reset it. */
__attribute__((naked)) static void Fault_Handler(void)
{
    __asm__ volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r3, msp\n"
        "mrsne r3, psp\n"
        "ldr r0, [r3, #24]\n"
        "ldr r1, [r3, #20]\n"
        "ldr r2, =0xE000ED28\n"
        "ldr r2, [r2]\n"
        "ldr r3, =0xE000ED2C\n"
        "ldr r3, [r3]\n"
        "b qemu_fault_tail\n");
}

__attribute__((section(".vectors"), used)) static void (*const vectors[])(void) = {
    (void (*)(void))(uintptr_t)&_estack,
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* HardFault */
    Fault_Handler, /* MemManage */
    Fault_Handler, /* BusFault */
    Fault_Handler, /* UsageFault */
    0, 0, 0, 0,
    Fault_Handler, /* SVCall */
    Fault_Handler, /* DebugMonitor */
    0,
    Fault_Handler, /* PendSV */
    SysTick_Handler,
    Uart0Rx_Handler /* IRQ 0: UART0 RX on the AN385 */
};

void Reset_Handler(void)
{
    memcpy(&_sdata, &_sidata, (size_t)((uintptr_t)&_edata - (uintptr_t)&_sdata));
    memset(&_sbss, 0, (size_t)((uintptr_t)&_ebss - (uintptr_t)&_sbss));
    main();
    for (;;) {}
}
