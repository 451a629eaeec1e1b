/*
 * The area table of DESIGN.md section 1 as data: DEFAULT (recommended range
 * and hard cap per area) and TRAINING, whose caps are the top of each
 * recommended range. SR-02 bounds depth by these caps.
 */
#include "profiles.h"

#include <stdio.h>
#include <string.h>

#include "sha256.h"

static const pen_area_row DEFAULT_ROWS[] = {
    { "FOREHEAD", "Forehead", 250, 500, 750 },
    { "GLABELLA", "Between the eyebrows", 250, 500, 750 },
    { "PERIORBITAL", "Around the eyes (outside the orbital rim)", 250, 250, 500 },
    { "NOSE", "Nose", 250, 250, 500 },
    { "UPPER_LIP", "Upper lip", 250, 250, 750 },
    { "CHEEKBONE", "Cheekbones", 500, 500, 1000 },
    { "CHEEK", "Cheeks and chin", 500, 1000, 2000 },
    { "ACNE_SCAR", "Facial acne scars", 1000, 1500, 2000 },
    { "NECK", "Neck", 500, 500, 1000 },
    { "DECOLLETAGE", "D\xC3\xA9" "colletage", 250, 500, 750 },
    { "SCALP", "Scalp", 500, 1000, 1500 },
    { "BODY", "Body, stretch marks", 1500, 2000, 2500 }
};

static const pen_area_row TRAINING_ROWS[] = {
    { "FOREHEAD", "Forehead", 250, 500, 500 },
    { "GLABELLA", "Between the eyebrows", 250, 500, 500 },
    { "PERIORBITAL", "Around the eyes (outside the orbital rim)", 250, 250, 250 },
    { "NOSE", "Nose", 250, 250, 250 },
    { "UPPER_LIP", "Upper lip", 250, 250, 250 },
    { "CHEEKBONE", "Cheekbones", 500, 500, 500 },
    { "CHEEK", "Cheeks and chin", 500, 1000, 1000 },
    { "ACNE_SCAR", "Facial acne scars", 1000, 1500, 1500 },
    { "NECK", "Neck", 500, 500, 500 },
    { "DECOLLETAGE", "D\xC3\xA9" "colletage", 250, 500, 500 },
    { "SCALP", "Scalp", 500, 1000, 1000 },
    { "BODY", "Body, stretch marks", 1500, 2000, 2000 }
};

const pen_profile PEN_PROFILES[] = {
    { "DEFAULT", 1, (uint8_t)(sizeof DEFAULT_ROWS / sizeof DEFAULT_ROWS[0]), DEFAULT_ROWS },
    { "TRAINING", 1, (uint8_t)(sizeof TRAINING_ROWS / sizeof TRAINING_ROWS[0]), TRAINING_ROWS }
};
const uint8_t PEN_PROFILE_COUNT = (uint8_t)(sizeof PEN_PROFILES / sizeof PEN_PROFILES[0]);

const pen_profile *profile_find(const char *name)
{
    uint8_t i;
    for (i = 0; i < PEN_PROFILE_COUNT; i++) if (strcmp(PEN_PROFILES[i].name, name) == 0) return &PEN_PROFILES[i];
    return NULL;
}

int profile_area_index(const pen_profile *p, const char *area)
{
    int i;
    for (i = 0; i < p->count; i++) if (strcmp(p->rows[i].area, area) == 0) return i;
    return -1;
}

static void put(sha256_t *s, const char *text)
{
    sha256_update(s, text, strlen(text));
}

static void put_uint(sha256_t *s, unsigned v)
{
    char b[12];
    snprintf(b, sizeof b, "%u", v);
    put(s, b);
}

/* {"name":…,"version":…,"rows":[{"area":…,"name":…,"lo":…,"hi":…,"cap":…},…]}: keys in that order, no spaces.
   The texts hold no quote, backslash or control character, so they go in as they are (UTF-8). */
void profile_hash(const pen_profile *p, char out[9])
{
    sha256_t s;
    uint8_t d[32];
    int i;
    sha256_init(&s);
    put(&s, "{\"name\":\"");
    put(&s, p->name);
    put(&s, "\",\"version\":");
    put_uint(&s, p->version);
    put(&s, ",\"rows\":[");
    for (i = 0; i < p->count; i++) {
        const pen_area_row *r = &p->rows[i];
        put(&s, i ? ",{\"area\":\"" : "{\"area\":\"");
        put(&s, r->area);
        put(&s, "\",\"name\":\"");
        put(&s, r->name);
        put(&s, "\",\"lo\":");
        put_uint(&s, r->lo);
        put(&s, ",\"hi\":");
        put_uint(&s, r->hi);
        put(&s, ",\"cap\":");
        put_uint(&s, r->cap);
        put(&s, "}");
    }
    put(&s, "]}");
    sha256_final(&s, d);
    hex_upper(d, 4, out);
}
