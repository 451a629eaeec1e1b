/*
 * Test driver for the generated C codec: reads one hex-encoded input per line
 * on stdin and prints one JSON result per input, so that the TypeScript tests
 * can compare it with the golden vectors and with the TypeScript codec.
 *
 *   codec_driver decode   each input is a line: {"ok":true,"seq":..,"kind":..,"skipped":..,"fields":{..},"encoded":"<hex>"}
 *                          or {"ok":false,"error":..,"skipped":..[,"seq":..][,"kind":"<hex>"][,"key":"<hex>"]}
 *   codec_driver stream   each input is a byte stream fed to the line assembler: one JSON result per line found
 *                          ({"asm":"FRAME"|"EMPTY"|"NO_FRAME"|"TOO_LONG", ...decode result of a FRAME}), then {"end":true}
 *   codec_driver corrupt  each input is a valid line: every single-byte corruption of it (each byte but a final LF,
 *                          replaced by each of the 255 other values) is decoded; prints
 *                          {"tried":..,"rejected":..,"same":..,"different":..[,"example":"<hex>"]}
 *
 * Strings (str values, kind and key texts, encoded lines) are printed as hex of their bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "penbench_proto.h"

static void print_hex(const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    putchar('"');
    for (i = 0; i < n; i++) printf("%02x", b[i]);
    putchar('"');
}

/* The present fields of a message as a JSON object: ints as numbers, enums and tokens as text, str as hex. */
static void print_fields(const pb_msg_t *m)
{
    uint8_t i, n = pb_key_count(m->kind);
    int first = 1;
    putchar('{');
    for (i = 0; i < n; i++) {
        pb_field_value_t v;
        if (!pb_field_get(m, i, &v) || !v.present) continue;
        printf("%s\"%s\":", first ? "" : ",", v.key);
        first = 0;
        if (v.type == PB_VT_INT) printf("%lld", (long long)v.i);
        else if (v.type == PB_VT_STR) print_hex(v.text, v.text_len);
        else printf("\"%.*s\"", (int)v.text_len, v.text);
    }
    putchar('}');
}

static void print_result(pb_status st, const pb_msg_t *m, const pb_decode_info_t *info)
{
    if (st == PB_OK) {
        char out[PB_LINE_BUF];
        size_t n = 0;
        const char *bad = NULL;
        pb_status es = pb_encode(m, out, sizeof out, &n, &bad);
        printf("{\"ok\":true,\"seq\":%u,\"kind\":\"%s\",\"skipped\":%lu,\"body\":", (unsigned)m->seq, pb_kind_name(m->kind),
               (unsigned long)info->skipped);
        print_hex(info->body, info->body_len);
        printf(",\"fields\":");
        print_fields(m);
        if (es == PB_OK) {
            printf(",\"encoded\":");
            print_hex(out, n);
        } else {
            printf(",\"encodeError\":\"%s\",\"encodeKey\":\"%s\"", pb_status_name(es), bad ? bad : "");
        }
        printf("}");
        return;
    }
    printf("{\"ok\":false,\"error\":\"%s\",\"skipped\":%lu", pb_status_name(st), (unsigned long)info->skipped);
    if (info->has_seq) printf(",\"seq\":%u", (unsigned)info->seq);
    if (info->has_kind) {
        printf(",\"kind\":");
        print_hex(info->kind_text, info->kind_len);
    }
    if (st == PB_ERR_BAD_FIELD) {
        printf(",\"key\":");
        print_hex(info->key, info->key_len);
    }
    printf(",\"why\":\"%s\"}", info->why ? info->why : "");
}

static int from_hex(const char *s, size_t n, unsigned char *out)
{
    size_t i;
    for (i = 0; i + 1 < n; i += 2) {
        unsigned v;
        if (sscanf(s + i, "%2x", &v) != 1) return -1;
        out[i / 2] = (unsigned char)v;
    }
    return (int)(n / 2);
}

/* The canonical encoding of a line's message, or 0 when it does not decode. */
static size_t canonical(const char *line, size_t n, char out[PB_LINE_BUF])
{
    pb_msg_t m;
    pb_decode_info_t info;
    size_t len = 0;
    if (pb_decode_line(line, n, &m, &info) != PB_OK) return 0;
    if (pb_encode(&m, out, PB_LINE_BUF, &len, NULL) != PB_OK) return 0;
    return len;
}

static int corrupt(const unsigned char *bytes, size_t n)
{
    char orig[PB_LINE_BUF], got[PB_LINE_BUF];
    size_t olen = canonical((const char *)bytes, n, orig), pos, end = n;
    unsigned long tried = 0, rejected = 0, same = 0, different = 0;
    char *line = (char *)malloc(n ? n : 1);
    int b, example = 0;
    if (!line) return 3;
    if (olen == 0) {
        printf("{\"error\":\"the input line does not decode\"}\n");
        free(line);
        return 0;
    }
    if (end > 0 && bytes[end - 1] == '\n') end--;
    printf("{");
    for (pos = 0; pos < end; pos++) {
        for (b = 0; b < 256; b++) {
            size_t glen;
            if (b == bytes[pos]) continue;
            memcpy(line, bytes, n);
            line[pos] = (char)b;
            tried++;
            glen = canonical(line, n, got);
            if (glen == 0) rejected++;
            else if (glen == olen && memcmp(got, orig, olen) == 0) same++;
            else {
                different++;
                if (!example) {
                    example = 1;
                    printf("\"example\":");
                    print_hex(line, n);
                    printf(",");
                }
            }
        }
    }
    printf("\"tried\":%lu,\"rejected\":%lu,\"same\":%lu,\"different\":%lu}\n", tried, rejected, same, different);
    free(line);
    return 0;
}

int main(int argc, char **argv)
{
    static char hexline[1 << 20];
    static unsigned char bytes[1 << 19];
    int stream, corrupting;
    if (argc != 2 || (strcmp(argv[1], "decode") != 0 && strcmp(argv[1], "stream") != 0 && strcmp(argv[1], "corrupt") != 0)) {
        fprintf(stderr, "usage: codec_driver decode|stream|corrupt < hex-lines\n");
        return 2;
    }
    stream = strcmp(argv[1], "stream") == 0;
    corrupting = strcmp(argv[1], "corrupt") == 0;
    while (fgets(hexline, sizeof hexline, stdin)) {
        size_t hl = strcspn(hexline, "\r\n");
        int n = from_hex(hexline, hl, bytes);
        if (n < 0) {
            fprintf(stderr, "codec_driver: bad hex input\n");
            return 2;
        }
        if (corrupting) {
            int rc = corrupt(bytes, (size_t)n);
            if (rc) return rc;
        } else if (!stream) {
            /* A copy of exactly n bytes on the heap, so AddressSanitizer sees any read past the line. */
            char *line = (char *)malloc(n ? (size_t)n : 1);
            pb_msg_t m;
            pb_decode_info_t info;
            pb_status st;
            if (!line) return 3;
            memcpy(line, bytes, (size_t)n);
            st = pb_decode_line(line, (size_t)n, &m, &info);
            print_result(st, &m, &info);
            putchar('\n');
            free(line);
        } else {
            pb_assembler_t a;
            int i;
            pb_asm_init(&a);
            for (i = 0; i < n; i++) {
                pb_asm_status r = pb_asm_feed(&a, bytes[i]);
                if (r == PB_ASM_MORE) continue;
                if (r == PB_ASM_FRAME) {
                    pb_msg_t m;
                    pb_decode_info_t info;
                    pb_status st = pb_decode_line(a.buf, a.len, &m, &info);
                    printf("{\"asm\":\"FRAME\",\"asmSkipped\":%u,\"result\":", (unsigned)a.skipped);
                    print_result(st, &m, &info);
                    printf("}\n");
                } else {
                    printf("{\"asm\":\"%s\"}\n", r == PB_ASM_EMPTY ? "EMPTY" : r == PB_ASM_NO_FRAME ? "NO_FRAME" : "TOO_LONG");
                }
            }
            printf("{\"end\":true}\n");
        }
        fflush(stdout);
    }
    return 0;
}
