/*
 * Unit checks of the generated C codec that the golden vectors cannot make:
 * typed struct access, the encoder's own validation, the 200-byte limit on
 * encode, the line assembler's resync and bounds, and the small helpers.
 * Prints one line per failed check and exits 1 if any failed.
 */
#include <stdio.h>
#include <string.h>

#include "penbench_proto.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { failures++; printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static pb_status dec(const char *line, pb_msg_t *m, pb_decode_info_t *info)
{
    return pb_decode_line(line, strlen(line), m, info);
}

static void typed_access(void)
{
    pb_msg_t m;
    pb_decode_info_t info;
    CHECK(dec("$17 SET_DEPTH um=1500*C674\n", &m, &info) == PB_OK);
    CHECK(m.kind == PB_KIND_SET_DEPTH && m.seq == 17 && m.u.set_depth.um == 1500);
    CHECK(info.body_len == 20 && memcmp(info.body, "17 SET_DEPTH um=1500", 20) == 0);
    CHECK(dec("$65535 TLM t=0 s=CHARGE d=0 m=0 r=0 n=4294967295 p=99 c=-400 b=100*1614\n", &m, &info) == PB_OK);
    CHECK(m.u.tlm.n == 4294967295u && m.u.tlm.c == -400 && m.u.tlm.s == PB_PEN_STATE_CHARGE && m.u.tlm.b == 100);
    CHECK(dec("$3 STATUS re=5 st=READY area=CHEEK um=1000 hz=120 eng=0 faults=0081 present=0000 selftest=PASS*F1D6\n", &m, &info) == PB_OK);
    CHECK(m.u.status.has_area && strcmp(m.u.status.area, "CHEEK") == 0 && strcmp(m.u.status.faults, "0081") == 0);
    {
        uint16_t mask = 0;
        CHECK(pb_parse_hex4(m.u.status.faults, &mask));
        CHECK(mask == (PB_FAULT_BIT(PB_FAULT_DEPTH_TOLERANCE) | PB_FAULT_BIT(PB_FAULT_LINK_LOST)));
    }
    CHECK(dec("$11 EVT ev=BOOT t=0 msg=100%25%3D%2A%24*D457\n", &m, &info) == PB_OK);
    CHECK(m.u.evt.has_msg && m.u.evt.msg_len == 7 && memcmp(m.u.evt.msg, "100%=*$", 7) == 0 && !m.u.evt.has_st);
    CHECK(dec("$31 SET_DEPTH um=fast*BFD5\n", &m, &info) == PB_ERR_BAD_FIELD);
    CHECK(info.has_seq && info.seq == 31 && info.kind == PB_KIND_SET_DEPTH && info.key_len == 2 && memcmp(info.key, "um", 2) == 0);
    CHECK(dec("$30 FROB*5B26\n", &m, &info) == PB_ERR_UNKNOWN_KIND);
    CHECK(info.kind == PB_KIND_COUNT && info.kind_len == 4 && memcmp(info.kind_text, "FROB", 4) == 0);
    CHECK(PB_ACCEPT_SET_DEPTH_UM_MIN == 250 && PB_ACCEPT_SET_DEPTH_UM_MAX == 2500 && PB_ACCEPT_SET_DEPTH_UM_STEP == 50);
    CHECK(PB_ACCEPT_SET_RATE_HZ_NAK == PB_NAK_RATE_RANGE);
    CHECK((pb_kind_flags(PB_KIND_STOP) & (PB_KF_HOST | PB_KF_PRE_HANDSHAKE)) == (PB_KF_HOST | PB_KF_PRE_HANDSHAKE));
    CHECK(pb_kind_flags(PB_KIND_SIM_FAULT) & PB_KF_ENGINEERING);
    CHECK(!(pb_kind_flags(PB_KIND_TLM) & PB_KF_HOST));
    CHECK(strcmp(pb_nak_code_names[PB_NAK_DEPTH_AREA_LIMIT], "DEPTH_AREA_LIMIT") == 0);
}

static void encoding(void)
{
    pb_msg_t m;
    char out[PB_LINE_BUF];
    size_t n;
    const char *bad;
    pb_decode_info_t info;
    pb_msg_t back;

    memset(&m, 0, sizeof m);
    m.seq = 204;
    m.kind = PB_KIND_ACK;
    m.u.ack.re = 17;
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_OK && strcmp(out, "$204 ACK re=17*3509\n") == 0 && n == 20);
    /* The buffer must hold the line, LF and NUL. */
    CHECK(pb_encode(&m, out, 20, &n, &bad) == PB_ERR_NO_ROOM);

    /* INFO with every value at its longest is exactly 200 bytes (PROTOCOL.md section 4). */
    memset(&m, 0, sizeof m);
    m.seq = 65535;
    m.kind = PB_KIND_INFO;
    m.u.info.re = 65535;
    m.u.info.proto = 65535;
    strcpy(m.u.info.schema, "4939A53B");
    strcpy(m.u.info.fw, "10.20.30");
    strcpy(m.u.info.serial, "PB-2026-0001");
    m.u.info.dmin = m.u.info.dmax = 9999;
    m.u.info.dstep = m.u.info.rmin = m.u.info.rmax = m.u.info.tmax = 999;
    strcpy(m.u.info.profile, "TRAINING");
    m.u.info.pver = 65535;
    strcpy(m.u.info.phash, "FFFFFFFF");
    m.u.info.areas = 64;
    m.u.info.sim = 1;
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_OK && n == 201);
    CHECK(pb_decode_line(out, n, &back, &info) == PB_OK && back.u.info.pver == 65535);

    /* Values are checked against the catalogue on encode. */
    m.u.info.areas = 65;
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_ERR_BAD_FIELD && strcmp(bad, "areas") == 0);
    m.u.info.areas = 64;
    strcpy(m.u.info.serial, "pb-1");
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_ERR_BAD_FIELD && strcmp(bad, "serial") == 0);
    strcpy(m.u.info.serial, "");
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_ERR_BAD_FIELD && strcmp(bad, "serial") == 0);
    strcpy(m.u.info.serial, "PB1");
    strcpy(m.u.info.phash, "0a1b2c3d");
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_ERR_BAD_FIELD && strcmp(bad, "phash") == 0);

    /* An EVT with every optional key at its longest and a 64-byte msg exceeds 200 bytes: TOO_LONG. */
    memset(&m, 0, sizeof m);
    m.seq = 65535;
    m.kind = PB_KIND_EVT;
    m.u.evt.ev = PB_EV_CART_REJECT;
    m.u.evt.t = 4294967295u;
    m.u.evt.has_st = true;
    m.u.evt.st = PB_PEN_STATE_REJECT;
    m.u.evt.has_code = true;
    strcpy(m.u.evt.code, "ABCDEFGHIJKLMNOPQRSTUVWX");
    m.u.evt.has_id = true;
    strcpy(m.u.evt.id, "ABCDEFGHIJKLMNOPQRSTUVWX");
    m.u.evt.has_area = true;
    strcpy(m.u.evt.area, "ABCDEFGHIJKLMNOP");
    m.u.evt.has_msg = true;
    memset(m.u.evt.msg, 'x', 64);
    m.u.evt.msg_len = 64;
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_ERR_TOO_LONG);
    m.u.evt.has_msg = false;
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_OK);

    /* str: %-encoded, at most 64 bytes encoded and maxLen characters; must be UTF-8. */
    memset(&m, 0, sizeof m);
    m.kind = PB_KIND_NAK;
    m.u.nak.code = PB_NAK_BAD_ARGS;
    m.u.nak.has_msg = true;
    memcpy(m.u.nak.msg, "a b", 3);
    m.u.nak.msg_len = 3;
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_OK && strstr(out, " msg=a%20b*") != NULL);
    memset(m.u.nak.msg, ' ', 30);
    m.u.nak.msg_len = 30; /* 90 bytes once encoded */
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_ERR_BAD_FIELD && strcmp(bad, "msg") == 0);
    memcpy(m.u.nak.msg, "\xC3\x28", 2);
    m.u.nak.msg_len = 2;
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_ERR_BAD_FIELD);
    m.u.nak.code = PB_NAK_COUNT;
    m.u.nak.has_msg = false;
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_ERR_BAD_FIELD && strcmp(bad, "code") == 0);
    m.kind = PB_KIND_COUNT;
    CHECK(pb_encode(&m, out, sizeof out, &n, &bad) == PB_ERR_UNKNOWN_KIND);
}

/* Feed text through an assembler; returns the statuses found, one letter each (F E N T), and the last frame. */
static void feed(pb_assembler_t *a, const char *text, size_t len, char *statuses)
{
    size_t i, k = 0;
    for (i = 0; i < len; i++) {
        pb_asm_status r = pb_asm_feed(a, (uint8_t)text[i]);
        if (r != PB_ASM_MORE) statuses[k++] = "MFENT"[r];
    }
    statuses[k] = '\0';
}

static void assembler(void)
{
    pb_assembler_t a;
    char st[64];
    char big[1000];
    pb_msg_t m;
    pb_decode_info_t info;

    pb_asm_init(&a);
    feed(&a, "xx#!$14 PING*D15C\n", 18, st);
    CHECK(strcmp(st, "F") == 0 && a.skipped == 4 && a.len == 13);
    CHECK(pb_decode_line(a.buf, a.len, &m, &info) == PB_OK && m.kind == PB_KIND_PING);
    feed(&a, "\n\r\nhello\n$12 PING*5CBD\r\n", 24, st);
    CHECK(strcmp(st, "EENF") == 0);
    CHECK(pb_decode_line(a.buf, a.len, &m, &info) == PB_OK && m.seq == 12);
    /* A second '$' restarts the frame: what came before is garbage. */
    feed(&a, "$9 START*00$15 STOP*5FF5\n", 25, st);
    CHECK(strcmp(st, "F") == 0 && a.skipped == 11);
    CHECK(pb_decode_line(a.buf, a.len, &m, &info) == PB_OK && m.kind == PB_KIND_STOP && m.seq == 15);
    /* A frame over 200 bytes is dropped whole; the next line is read normally. */
    memset(big, 'x', sizeof big);
    big[0] = '$';
    big[250] = '\n';
    feed(&a, big, 251, st);
    CHECK(strcmp(st, "T") == 0);
    /* ...unless a later '$' on the same line starts a frame that fits. */
    memcpy(big + 250, "$1 PING*8C6F\n", 13);
    feed(&a, big, 263, st);
    CHECK(strcmp(st, "F") == 0);
    /* A line over PB_LINE_BOUND is dropped whole even if it ends with a good frame (as the host's splitter does). */
    memset(big, 'g', sizeof big);
    memcpy(big + 900, "$1 PING*8C6F\n", 13);
    feed(&a, big, 913, st);
    CHECK(strcmp(st, "T") == 0);
    feed(&a, "$1 PING*8C6F\n", 13, st);
    CHECK(strcmp(st, "F") == 0);
    /* A frame of exactly 200 bytes and a CR fits the buffer. */
    {
        char line[210];
        size_t n;
        memset(&m, 0, sizeof m);
        m.seq = 65535;
        m.kind = PB_KIND_INFO;
        m.u.info.proto = 1;
        strcpy(m.u.info.schema, "4939A53B");
        strcpy(m.u.info.fw, "10.20.30");
        strcpy(m.u.info.serial, "PB-2026-0001");
        m.u.info.re = m.u.info.pver = 65535;
        m.u.info.proto = 65535;
        m.u.info.dmin = m.u.info.dmax = 9999;
        m.u.info.dstep = m.u.info.rmin = m.u.info.rmax = m.u.info.tmax = 999;
        strcpy(m.u.info.profile, "TRAINING");
        strcpy(m.u.info.phash, "FFFFFFFF");
        m.u.info.areas = 64;
        CHECK(pb_encode(&m, line, sizeof line, &n, NULL) == PB_OK && n == 201);
        line[200] = '\r';
        line[201] = '\n';
        feed(&a, line, 202, st);
        CHECK(strcmp(st, "F") == 0 && a.len == 201);
        CHECK(pb_decode_line(a.buf, a.len, &m, &info) == PB_OK && m.kind == PB_KIND_INFO);
    }
}

static void helpers(void)
{
    char h[5];
    uint16_t v;
    CHECK(pb_crc16("123456789", 9) == 0x29B1);
    CHECK(pb_crc16("", 0) == 0xFFFF);
    pb_hex4(0x0A81, h);
    CHECK(strcmp(h, "0A81") == 0);
    CHECK(pb_parse_hex4("0A81", &v) && v == 0x0A81);
    CHECK(!pb_parse_hex4("0a81", &v) && !pb_parse_hex4("0A8", &v) && !pb_parse_hex4("0A812", &v));
    CHECK(pb_kind_lookup("STOP", 4) == PB_KIND_STOP && pb_kind_lookup("STO", 3) == PB_KIND_COUNT);
    CHECK(strcmp(pb_status_name(PB_ERR_BAD_CRC), "BAD_CRC") == 0);
}

int main(void)
{
    typed_access();
    encoding();
    assembler();
    helpers();
    printf("codec_unit: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
