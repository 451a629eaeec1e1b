/*
 * The cartridge registry in non-volatile memory (SR-08, SR-09, SR-12) and the
 * persisted hazard faults (SR-14). The image carries a generation and an
 * HMAC-SHA256 under the device key; the generation is also kept in a
 * monotonic counter apart from the image. A missing, edited, emptied,
 * rolled-back or unreadable registry latches NVM_INTEGRITY: the pen then
 * refuses to run rather than forget which cartridges were used. A failed
 * write latches NVM_WRITE.
 *
 * Image: "PBNV", version 1, recall count (u8), entry count (u16), generation
 * (u32), faults (u16), entries (id 24 bytes NUL-padded, flags u8, needle-on
 * seconds u16), recalled lots (16 bytes each), HMAC (32 bytes); little-endian.
 */
#include <string.h>

#include "pen_internal.h"
#include "sha256.h"

#define HEADER 14u
#define ENTRY 27u
#define LOT 16u
#define MAC 32u
#define IMAGE_MAX (HEADER + PEN_REGISTRY * ENTRY + PEN_RECALLS * LOT + MAC)

/* One image buffer: the pen has one registry, and a 7 KB image does not belong on a microcontroller's stack. */
static uint8_t image[IMAGE_MAX];

static void put16(uint8_t *b, uint16_t v) { b[0] = (uint8_t)v; b[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *b, uint32_t v) { put16(b, (uint16_t)v); put16(b + 2, (uint16_t)(v >> 16)); }
static uint16_t get16(const uint8_t *b) { return (uint16_t)(b[0] | b[1] << 8); }
static uint32_t get32(const uint8_t *b) { return (uint32_t)get16(b) | (uint32_t)get16(b + 2) << 16; }

static size_t serialize(const pen_registry *r)
{
    size_t n = HEADER, i, key_len;
    const uint8_t *key = board_device_key(&key_len);
    memcpy(image, "PBNV", 4);
    image[4] = 1;
    image[5] = r->recalls;
    put16(image + 6, r->count);
    put32(image + 8, r->generation);
    put16(image + 12, r->faults);
    for (i = 0; i < r->count; i++, n += ENTRY) {
        memset(image + n, 0, 24);
        memcpy(image + n, r->entries[i].id, strlen(r->entries[i].id));
        image[n + 24] = r->entries[i].flags;
        put16(image + n + 25, r->entries[i].needle_on_s);
    }
    for (i = 0; i < r->recalls; i++, n += LOT) {
        memset(image + n, 0, LOT);
        memcpy(image + n, r->recalled[i], strlen(r->recalled[i]));
    }
    hmac_sha256(key, key_len, image, n, NULL, 0, image + n);
    return n + MAC;
}

/* Parse and authenticate image[0..len) into r; false on any doubt. */
static bool parse(pen_registry *r, size_t len)
{
    size_t n = HEADER, i, key_len, body;
    uint8_t mac[32];
    const uint8_t *key = board_device_key(&key_len);
    if (len < HEADER + MAC || memcmp(image, "PBNV", 4) != 0 || image[4] != 1) return false;
    memset(r, 0, sizeof *r);
    r->recalls = image[5];
    r->count = get16(image + 6);
    if (r->recalls > PEN_RECALLS || r->count > PEN_REGISTRY) return false;
    body = HEADER + (size_t)r->count * ENTRY + (size_t)r->recalls * LOT;
    if (len != body + MAC) return false;
    hmac_sha256(key, key_len, image, body, NULL, 0, mac);
    if (!equal_ct(mac, image + body, MAC)) return false;
    r->generation = get32(image + 8);
    r->faults = get16(image + 12);
    for (i = 0; i < r->count; i++, n += ENTRY) {
        memcpy(r->entries[i].id, image + n, 24);
        r->entries[i].id[24] = '\0';
        r->entries[i].flags = image[n + 24];
        r->entries[i].needle_on_s = get16(image + n + 25);
    }
    for (i = 0; i < r->recalls; i++, n += LOT) {
        memcpy(r->recalled[i], image + n, LOT);
        r->recalled[i][LOT] = '\0';
    }
    return true;
}

static void integrity(pen_t *p, const char *why)
{
    p->reg_ok = false;
    fault_latch(p, PB_FAULT_NVM_INTEGRITY, why);
}

/* The factory image: the recall list and the sample cartridge fired at the factory (PROTOCOL.md, cartridges). */
static void factory(pen_registry *r)
{
    memset(r, 0, sizeof *r);
    r->recalls = 1;
    strcpy(r->recalled[0], "L2405-R");
    r->count = 1;
    strcpy(r->entries[0].id, "N12-REUSED");
    r->entries[0].flags = REG_FIRED;
}

void registry_boot(pen_t *p)
{
    size_t len = 0;
    uint32_t counter = 0;
    board_nvm_status st = board_nvm_read(image, sizeof image, &len);
    board_nvm_status cst = board_counter_read(&counter);
    p->reg_ok = false;
    if (st == BOARD_NVM_ERROR || cst == BOARD_NVM_ERROR) {
        integrity(p, "registry unreadable");
        return;
    }
    if (st == BOARD_NVM_ABSENT) {
        if (cst == BOARD_NVM_OK && counter != 0) {
            integrity(p, "registry missing on a pen that wrote one");
            return;
        }
        /* A pen that never wrote its registry (counter absent or zero) gets the factory image. */
        factory(&p->reg);
        p->reg_ok = true;
        p->reg.generation = 0;
        if (board_nvm_write(image, serialize(&p->reg)) != BOARD_NVM_OK || board_counter_write(0) != BOARD_NVM_OK) {
            p->nvm_write_failing = true;
            fault_latch(p, PB_FAULT_NVM_WRITE, "cannot write the factory registry");
        }
        return;
    }
    if (!parse(&p->reg, len)) {
        integrity(p, "registry fails its integrity check");
        return;
    }
    if (cst == BOARD_NVM_ABSENT) {
        integrity(p, "registry counter missing");
        return;
    }
    if (p->reg.generation == counter + 1u) {
        /* Power was lost between writing the image and the counter: the image is whole (written atomically). */
        if (board_counter_write(p->reg.generation) != BOARD_NVM_OK) p->nvm_write_failing = true;
    } else if (p->reg.generation != counter) {
        integrity(p, "registry generation differs from its counter");
        return;
    }
    p->reg_ok = true;
    /* SR-14: hazard faults latched before the power cycle are latched again. */
    if (p->reg.faults) {
        uint8_t code;
        for (code = 0; code < PB_FAULT_COUNT; code++) {
            if (p->reg.faults & PB_FAULT_BIT(code)) fault_latch(p, code, "latched before power-off");
        }
    }
}

bool registry_save(pen_t *p)
{
    size_t len = 0;
    pen_registry now;
    board_nvm_status st;
    if (!p->reg_ok) return false;
    /* Before a write, the image in NVM must still be the one this pen wrote last (erased, edited, swapped?). */
    st = board_nvm_read(image, sizeof image, &len);
    if (st == BOARD_NVM_ABSENT) {
        integrity(p, "registry erased");
        return false;
    }
    if (st == BOARD_NVM_ERROR || !parse(&now, len) || now.generation != p->reg.generation) {
        integrity(p, "registry changed behind the pen");
        return false;
    }
    p->reg.generation++;
    if (board_nvm_write(image, serialize(&p->reg)) != BOARD_NVM_OK) {
        p->reg.generation--;
        p->nvm_write_failing = true;
        fault_latch(p, PB_FAULT_NVM_WRITE, "registry write failed");
        return false;
    }
    if (board_counter_write(p->reg.generation) != BOARD_NVM_OK) {
        p->nvm_write_failing = true;
        fault_latch(p, PB_FAULT_NVM_WRITE, "registry counter write failed");
        return false;
    }
    p->nvm_write_failing = false;
    return true;
}

pen_reg_entry *registry_find(pen_t *p, const char *id)
{
    uint16_t i;
    for (i = 0; i < p->reg.count; i++) if (strcmp(p->reg.entries[i].id, id) == 0) return &p->reg.entries[i];
    return NULL;
}

bool registry_mark(pen_t *p, const char *id, uint8_t flags)
{
    pen_reg_entry *e = registry_find(p, id);
    if (!e) {
        if (p->reg.count >= PEN_REGISTRY) return false;
        e = &p->reg.entries[p->reg.count++];
        memset(e, 0, sizeof *e);
        strncpy(e->id, id, 24);
    }
    e->flags |= flags;
    if (flags & REG_SPENT) e->needle_on_s = (uint16_t)(p->needle_on_ms / 1000u);
    return true;
}

bool registry_recalled(const pen_t *p, const char *lot)
{
    uint8_t i;
    for (i = 0; i < p->reg.recalls; i++) if (strcmp(p->reg.recalled[i], lot) == 0) return true;
    return false;
}
