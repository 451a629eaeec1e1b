/*
 * libFuzzer target for the generated C codec (built with clang
 * -fsanitize=fuzzer,address,undefined): any input must decode without a
 * memory or undefined-behaviour error, as one line and as a byte stream
 * through the line assembler; whatever decodes must encode, and the encoding
 * must decode to a message that encodes to the same bytes again.
 */
#include <stdlib.h>
#include <string.h>

#include "penbench_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const pb_msg_t *m)
{
    char a[PB_LINE_BUF], b[PB_LINE_BUF];
    size_t na, nb;
    pb_msg_t back;
    pb_decode_info_t info;
    if (pb_encode(m, a, sizeof a, &na, NULL) != PB_OK) abort();
    if (pb_decode_line(a, na, &back, &info) != PB_OK) abort();
    if (back.kind != m->kind || back.seq != m->seq) abort();
    if (pb_encode(&back, b, sizeof b, &nb, NULL) != PB_OK || na != nb || memcmp(a, b, na) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pb_msg_t m;
    pb_decode_info_t info;
    pb_assembler_t asm_;
    size_t i;
    if (pb_decode_line((const char *)data, size, &m, &info) == PB_OK) round_trip(&m);
    pb_asm_init(&asm_);
    for (i = 0; i < size; i++) {
        if (pb_asm_feed(&asm_, data[i]) == PB_ASM_FRAME && pb_decode_line(asm_.buf, asm_.len, &m, &info) == PB_OK) round_trip(&m);
    }
    return 0;
}
