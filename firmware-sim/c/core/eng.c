/*
 * The engineering session (SR-17): ENG_OPEN gives a nonce from the board's
 * cryptographic random source, ENG_AUTH answers it with the first 8 bytes of
 * HMAC-SHA256(key, nonce + serial). The session closes on ENG_CLOSE, any
 * HELLO, link loss (1000 ms without a well-formed host command, or the lease
 * expiring) and 10 minutes without an engineering command.
 */
#include <string.h>

#include "pen_internal.h"
#include "sha256.h"

#define LINK_MS 1000u
#define IDLE_MS 600000u

void eng_close(pen_t *p, const char *why)
{
    bool was_open = p->eng == ENG_OPEN;
    p->eng = ENG_LOCKED;
    memset(p->nonce, 0, sizeof p->nonce);
    if (was_open) {
        pb_msg_t m;
        evt_init(p, &m, PB_EV_ENG);
        m.u.evt.has_msg = true;
        put_text(m.u.evt.msg, &m.u.evt.msg_len, why, strlen(why), 64);
        out_event(p, &m);
    }
}

void eng_tick(pen_t *p)
{
    if (p->eng == ENG_LOCKED) return;
    if (p->now - p->last_cmd_at >= LINK_MS) eng_close(p, "closed: link");
    else if (p->eng == ENG_OPEN && p->now - p->eng_used_at >= IDLE_MS) eng_close(p, "closed: idle");
}

/* ENG_OPEN: a fresh challenge replaces an older one. */
static void eng_open(pen_t *p, uint16_t re, pb_msg_t *a)
{
    uint8_t nonce[8];
    if (p->eng == ENG_OPEN) {
        nak_init(a, re, PB_NAK_BAD_STATE, "ENG_OPEN needs a closed session; session is open");
        return;
    }
    if (!board_random(nonce, sizeof nonce)) {
        /* Never fall back to a guessable nonce: a recorded ENG_AUTH must never match a later challenge. */
        nak_init(a, re, PB_NAK_BUSY, "no random source");
        return;
    }
    hex_upper(nonce, sizeof nonce, p->nonce);
    p->eng = ENG_CHALLENGED;
    msg_init(a, PB_KIND_CHAL);
    a->u.chal.re = re;
    strcpy(a->u.chal.nonce, p->nonce);
}

static void eng_auth(pen_t *p, uint16_t re, const char *mac, pb_msg_t *a)
{
    uint8_t d[32];
    char want[17];
    size_t key_len;
    const uint8_t *key = board_eng_key(&key_len);
    const char *serial = board_serial();
    if (p->eng == ENG_OPEN) {
        nak_init(a, re, PB_NAK_BAD_STATE, "ENG_AUTH needs a challenge; session is open");
        return;
    }
    if (p->eng != ENG_CHALLENGED) {
        nak_init(a, re, PB_NAK_AUTH, "no pending challenge");
        return;
    }
    hmac_sha256(key, key_len, p->nonce, 16, serial, strlen(serial), d);
    hex_upper(d, 8, want);
    /* The challenge is consumed by the first answer, right or wrong. */
    p->eng = ENG_LOCKED;
    memset(p->nonce, 0, sizeof p->nonce);
    if (!equal_ct((const uint8_t *)want, (const uint8_t *)mac, 16)) {
        nak_init(a, re, PB_NAK_AUTH, "wrong MAC");
        return;
    }
    p->eng = ENG_OPEN;
    p->eng_used_at = p->now;
    msg_init(a, PB_KIND_ACK);
    a->u.ack.re = re;
    a->u.ack.has_t = true;
    a->u.ack.t = p->now;
    {
        pb_msg_t m;
        evt_init(p, &m, PB_EV_ENG);
        m.u.evt.has_msg = true;
        put_text(m.u.evt.msg, &m.u.evt.msg_len, "open", 4, 64);
        out_event(p, &m);
    }
}

/* ENG_OPEN, ENG_AUTH, ENG_CLOSE; a board without an engineering key refuses them (UNSUPPORTED). */
void eng_command(pen_t *p, const pb_msg_t *m, pb_msg_t *a)
{
    size_t key_len;
    if (!board_eng_key(&key_len)) {
        nak_init(a, m->seq, PB_NAK_UNSUPPORTED, "no engineering sessions on this pen");
        return;
    }
    if (m->kind == PB_KIND_ENG_OPEN) eng_open(p, m->seq, a);
    else if (m->kind == PB_KIND_ENG_AUTH) eng_auth(p, m->seq, m->u.eng_auth.mac, a);
    else {
        eng_close(p, "closed");
        msg_init(a, PB_KIND_ACK);
        a->u.ack.re = m->seq;
        a->u.ack.has_t = true;
        a->u.ack.t = p->now;
    }
}
