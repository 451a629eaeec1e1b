/**
 * The HELLO handshake's outcome as the host sees it: ready with the pen's
 * INFO, or why not — a version or schema mismatch spelled out with both
 * sides' values, a handshake that got no usable answer, or a close.
 */
import type { ConnectResult, PenInfo, ProtoIdentity, RequestResult } from './types.js';

/** Describe how two protocol identities differ, for the person at the console. */
export function describeMismatch(ours: ProtoIdentity, pen: Partial<ProtoIdentity>): string {
  const diffs: string[] = [];
  if (pen.proto !== undefined && pen.proto !== ours.proto) diffs.push(`protocol version differs (pen ${pen.proto}, console ${ours.proto})`);
  if (pen.schema !== undefined && pen.schema !== ours.schema) diffs.push(`schema hash differs (pen ${pen.schema}, console ${ours.schema})`);
  const penText = `pen speaks proto ${pen.proto ?? '?'} schema ${pen.schema ?? '?'}`;
  const ourText = `console speaks proto ${ours.proto} schema ${ours.schema}`;
  return `${penText}; ${ourText}: ${diffs.length ? diffs.join(', ') : 'pen refused HELLO'}`;
}

/** What connect() reports for the answer (or failure) of our HELLO. */
export function helloOutcome(r: RequestResult<'HELLO'>, ours: ProtoIdentity): ConnectResult {
  if (r.ok) {
    const info: PenInfo = r.reply.fields;
    if (info.proto !== ours.proto || info.schema !== ours.schema) {
      const pen = { proto: info.proto, schema: info.schema };
      return { ok: false, error: 'VERSION_MISMATCH', message: describeMismatch(ours, pen), ours, pen };
    }
    return { ok: true, info };
  }
  if (r.error === 'NAK' && r.code === 'VERSION' && r.nak) {
    const pen: Partial<ProtoIdentity> = {};
    if (r.nak.fields.proto !== undefined) pen.proto = r.nak.fields.proto;
    if (r.nak.fields.schema !== undefined) pen.schema = r.nak.fields.schema;
    return { ok: false, error: 'VERSION_MISMATCH', message: describeMismatch(ours, pen), ours, pen };
  }
  if (r.error === 'CLOSED') return { ok: false, error: 'CLOSED', message: 'closed during handshake', ours };
  return {
    ok: false, error: 'HANDSHAKE_FAILED', message: `HELLO failed: ${r.error} ${r.message}`, ours,
    ...(r.transport ? { transport: r.transport } : {}),
  };
}
