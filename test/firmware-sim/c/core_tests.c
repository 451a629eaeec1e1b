/*
 * Checks of the C pen's own cryptography and data, run under ASan+UBSan:
 *
 *   core-tests                 SHA-256 (FIPS 180-4 examples) and HMAC-SHA256 (RFC 4231) vectors, the profiles' data
 *   core-tests hmac KEYHEX MSG HMAC-SHA256 of MSG under the key, as lower-case hex (compared with Node's by the test)
 *   core-tests sha256 MSG      SHA-256 of MSG
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profiles.h"
#include "sha256.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { failures++; printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static void to_hex(const uint8_t *d, size_t n, char *out)
{
    size_t i;
    for (i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", d[i]);
}

static int from_hex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = strlen(s), i;
    if (n % 2 || n / 2 > cap) return -1;
    for (i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1) return -1;
        out[i] = (uint8_t)v;
    }
    return (int)(n / 2);
}

static void sha(const void *msg, size_t n, char hex[65])
{
    sha256_t s;
    uint8_t d[32];
    sha256_init(&s);
    sha256_update(&s, msg, n);
    sha256_final(&s, d);
    to_hex(d, 32, hex);
}

static void sha256_vectors(void)
{
    char h[65];
    sha256_t s;
    uint8_t d[32], block[1001];
    int i;
    sha("abc", 3, h);
    CHECK(strcmp(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
    sha("", 0, h);
    CHECK(strcmp(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0);
    sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, h);
    CHECK(strcmp(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1") == 0);
    sha("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112, h);
    CHECK(strcmp(h, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1") == 0);
    /* One million 'a', fed in uneven pieces to exercise the block buffer. */
    memset(block, 'a', sizeof block);
    sha256_init(&s);
    for (i = 0; i < 1000; i++) sha256_update(&s, block, i % 2 ? 999 : 1001);
    sha256_final(&s, d);
    to_hex(d, 32, h);
    CHECK(strcmp(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0);
}

static void hmac_case(const uint8_t *key, size_t key_len, const char *msg, size_t msg_len, const char *want)
{
    uint8_t d[32];
    char h[65];
    /* The message split in two parts, as the engineering MAC (nonce + serial) uses it. */
    hmac_sha256(key, key_len, msg, msg_len / 2, msg + msg_len / 2, msg_len - msg_len / 2, d);
    to_hex(d, 32, h);
    CHECK(strcmp(h, want) == 0);
}

static void hmac_vectors(void)
{
    uint8_t k[131];
    uint8_t data[50];
    /* RFC 4231 test cases 1, 2, 3, 4, 6 and 7. */
    memset(k, 0x0b, 20);
    hmac_case(k, 20, "Hi There", 8, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    hmac_case((const uint8_t *)"Jefe", 4, "what do ya want for nothing?", 28, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    memset(k, 0xaa, 20);
    memset(data, 0xdd, 50);
    hmac_case(k, 20, (const char *)data, 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    {
        uint8_t k4[25];
        int i;
        for (i = 0; i < 25; i++) k4[i] = (uint8_t)(i + 1);
        memset(data, 0xcd, 50);
        hmac_case(k4, 25, (const char *)data, 50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    }
    memset(k, 0xaa, 131);
    hmac_case(k, 131, "Test Using Larger Than Block-Size Key - Hash Key First", 54,
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    hmac_case(k, 131,
              "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed "
              "before being used by the HMAC algorithm.",
              152, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    CHECK(equal_ct((const uint8_t *)"abc", (const uint8_t *)"abc", 3) && !equal_ct((const uint8_t *)"abc", (const uint8_t *)"abd", 3));
}

/* Profile names must fit AREA name= (48 characters) and every row must be ordered lo <= hi <= cap <= 2500 (SR-02). */
static void profile_data(void)
{
    uint8_t i, r;
    CHECK(PEN_PROFILE_COUNT >= 2 && strcmp(PEN_PROFILES[0].name, "DEFAULT") == 0);
    for (i = 0; i < PEN_PROFILE_COUNT; i++) {
        const pen_profile *p = &PEN_PROFILES[i];
        CHECK(strlen(p->name) <= 8 && p->count > 0 && p->count <= 64);
        CHECK(profile_find(p->name) == p);
        for (r = 0; r < p->count; r++) {
            const pen_area_row *a = &p->rows[r];
            CHECK(strlen(a->area) <= 16 && strlen(a->name) <= 48);
            CHECK(a->lo >= 250 && a->lo <= a->hi && a->hi <= a->cap && a->cap <= 2500 && a->cap % 50 == 0);
            CHECK(profile_area_index(p, a->area) == r);
        }
    }
    CHECK(profile_find("NO_SUCH") == NULL);
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "hmac") == 0) {
        uint8_t key[256], d[32];
        char h[65];
        int n = from_hex(argv[2], key, sizeof key);
        if (n < 0) return 2;
        hmac_sha256(key, (size_t)n, argv[3], strlen(argv[3]), NULL, 0, d);
        to_hex(d, 32, h);
        puts(h);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "sha256") == 0) {
        char h[65];
        sha(argv[2], strlen(argv[2]), h);
        puts(h);
        return 0;
    }
    sha256_vectors();
    hmac_vectors();
    profile_data();
    printf("core_tests: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
