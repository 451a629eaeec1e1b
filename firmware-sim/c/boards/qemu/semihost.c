/* ARM semihosting calls (the "ARM compatible semihosting" operations QEMU implements with target=native). */
#include "semihost.h"

#include <string.h>

static int call(int op, void *arg)
{
    register int r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

int sh_open(const char *path, int mode)
{
    uintptr_t a[3];
    a[0] = (uintptr_t)path;
    a[1] = (uintptr_t)mode;
    a[2] = strlen(path);
    return call(0x01, a);
}

int sh_close(int fd)
{
    uintptr_t a[1];
    a[0] = (uintptr_t)fd;
    return call(0x02, a);
}

int sh_write(int fd, const void *buf, size_t n)
{
    uintptr_t a[3];
    a[0] = (uintptr_t)fd;
    a[1] = (uintptr_t)buf;
    a[2] = n;
    return call(0x05, a);
}

int sh_read(int fd, void *buf, size_t n)
{
    uintptr_t a[3];
    a[0] = (uintptr_t)fd;
    a[1] = (uintptr_t)buf;
    a[2] = n;
    return call(0x06, a);
}

long sh_flen(int fd)
{
    uintptr_t a[1];
    a[0] = (uintptr_t)fd;
    return call(0x0C, a);
}

int sh_remove(const char *path)
{
    uintptr_t a[2];
    a[0] = (uintptr_t)path;
    a[1] = strlen(path);
    return call(0x0E, a);
}

int sh_rename(const char *from, const char *to)
{
    uintptr_t a[4];
    a[0] = (uintptr_t)from;
    a[1] = strlen(from);
    a[2] = (uintptr_t)to;
    a[3] = strlen(to);
    return call(0x0F, a);
}

int sh_errno(void)
{
    return call(0x13, NULL);
}

uint32_t sh_time(void)
{
    return (uint32_t)call(0x11, NULL);
}

int sh_cmdline(char *buf, size_t cap)
{
    uintptr_t a[2];
    a[0] = (uintptr_t)buf;
    a[1] = cap;
    return call(0x15, a);
}

void sh_write0(const char *text)
{
    call(0x04, (void *)(uintptr_t)text);
}
