/* SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104): cartridge MACs (SR-07), the engineering MAC (SR-17), the NVM MAC (SR-08). */
#ifndef PEN_SHA256_H
#define PEN_SHA256_H

#include <stddef.h>
#include <stdint.h>

/** Incremental SHA-256 state. */
typedef struct {
    uint32_t h[8];
    uint64_t bytes;
    uint8_t block[64];
    size_t fill;
} sha256_t;

void sha256_init(sha256_t *s);
void sha256_update(sha256_t *s, const void *data, size_t n);
void sha256_final(sha256_t *s, uint8_t out[32]);

/** HMAC-SHA256 of the concatenation of up to two message parts (b may be NULL). */
void hmac_sha256(const uint8_t *key, size_t key_len, const void *a, size_t a_len, const void *b, size_t b_len, uint8_t out[32]);

/** Compare n bytes in time independent of where they differ (MAC checks). */
int equal_ct(const uint8_t *a, const uint8_t *b, size_t n);

/** Write n bytes as upper-case hex and a NUL (out holds 2n+1). */
void hex_upper(const uint8_t *in, size_t n, char *out);

#endif
