/* ARM semihosting (bkpt 0xAB): the emulated board reaches the host's files, clock, entropy and its own command line. */
#ifndef PEN_SEMIHOST_H
#define PEN_SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

/** Open a host file; mode 1 "rb", 5 "wb". Returns a handle or -1. */
int sh_open(const char *path, int mode);
int sh_close(int fd);
/** Bytes NOT read/written (0 = all), as semihosting reports. */
int sh_read(int fd, void *buf, size_t n);
int sh_write(int fd, const void *buf, size_t n);
long sh_flen(int fd);
int sh_remove(const char *path);
int sh_rename(const char *from, const char *to);
/** errno of the last failed call on the host. */
int sh_errno(void);
/** Seconds since 1970 by the host's clock. */
uint32_t sh_time(void);
/** The command line given with -semihosting-config ...,arg=...; 0 on success. */
int sh_cmdline(char *buf, size_t cap);
/** Write a NUL-terminated text to the host's debug console. */
void sh_write0(const char *text);

#endif
