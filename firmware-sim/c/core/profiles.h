/* Treatment-area profiles: data the pen loads, not code (DESIGN.md section 1); INFO reports name, version and hash. */
#ifndef PEN_PROFILES_H
#define PEN_PROFILES_H

#include <stdint.h>

/** One treatment area: recommended range and hard cap (SR-02), µm. */
typedef struct {
    const char *area;
    const char *name;
    uint16_t lo, hi, cap;
} pen_area_row;

typedef struct {
    const char *name;
    uint16_t version;
    uint8_t count;
    const pen_area_row *rows;
} pen_profile;

/** The stored profiles (ENG_PROFILE chooses among them); the first is loaded at power-up. */
extern const pen_profile PEN_PROFILES[];
extern const uint8_t PEN_PROFILE_COUNT;

/** The profile named name, or NULL. */
const pen_profile *profile_find(const char *name);
/** The row index of area in p, or -1. */
int profile_area_index(const pen_profile *p, const char *area);
/** phash: the first 4 bytes of SHA-256 of the profile's JSON text, as 8 upper-case hex digits (PROTOCOL.md, profiles). */
void profile_hash(const pen_profile *p, char out[9]);

#endif
