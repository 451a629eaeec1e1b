/*
 * Speed of the generated C codec on the host (npm run bench -- --only c):
 * reads a file of lines (one frame per line, LF-terminated), then times
 * decoding every line, encoding every decoded message, and feeding the whole
 * byte stream through the line assembler with decoding. Prints JSON with
 * nanoseconds per line (best of `reps` passes).
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "penbench_proto.h"

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    FILE *f;
    char *text;
    long size;
    size_t nlines = 0, i, *starts, *lens;
    pb_msg_t *msgs;
    int reps, r;
    double best_dec = 1e300, best_enc = 1e300, best_asm = 1e300;
    volatile size_t sink = 0;
    if (argc != 3) {
        fprintf(stderr, "usage: codec_bench FILE REPS\n");
        return 2;
    }
    reps = atoi(argv[2]);
    f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = (char *)malloc((size_t)size + 1);
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) return 3;
    fclose(f);
    for (i = 0; i < (size_t)size; i++) if (text[i] == '\n') nlines++;
    starts = (size_t *)malloc(nlines * sizeof *starts);
    lens = (size_t *)malloc(nlines * sizeof *lens);
    msgs = (pb_msg_t *)malloc(nlines * sizeof *msgs);
    if (!starts || !lens || !msgs) return 3;
    {
        size_t k = 0, s = 0;
        for (i = 0; i < (size_t)size; i++) {
            if (text[i] == '\n') { starts[k] = s; lens[k] = i + 1 - s; k++; s = i + 1; }
        }
    }
    for (r = 0; r < reps; r++) {
        double t0 = now_ns(), t;
        for (i = 0; i < nlines; i++) {
            pb_decode_info_t info;
            if (pb_decode_line(text + starts[i], lens[i], &msgs[i], &info) != PB_OK) {
                fprintf(stderr, "codec_bench: line %lu does not decode\n", (unsigned long)i);
                return 1;
            }
        }
        t = now_ns() - t0;
        if (t < best_dec) best_dec = t;
        t0 = now_ns();
        for (i = 0; i < nlines; i++) {
            char out[PB_LINE_BUF];
            size_t n;
            if (pb_encode(&msgs[i], out, sizeof out, &n, NULL) != PB_OK) return 1;
            sink += n;
        }
        t = now_ns() - t0;
        if (t < best_enc) best_enc = t;
        t0 = now_ns();
        {
            pb_assembler_t a;
            size_t frames = 0;
            pb_asm_init(&a);
            for (i = 0; i < (size_t)size; i++) {
                if (pb_asm_feed(&a, (uint8_t)text[i]) == PB_ASM_FRAME) {
                    pb_msg_t m;
                    pb_decode_info_t info;
                    if (pb_decode_line(a.buf, a.len, &m, &info) == PB_OK) frames++;
                }
            }
            if (frames != nlines) return 1;
        }
        t = now_ns() - t0;
        if (t < best_asm) best_asm = t;
    }
    printf("{\"lines\":%lu,\"decodeNs\":%.1f,\"encodeNs\":%.1f,\"streamDecodeNs\":%.1f,\"sink\":%lu}\n", (unsigned long)nlines,
           best_dec / (double)nlines, best_enc / (double)nlines, best_asm / (double)nlines, (unsigned long)sink);
    return 0;
}
