/** PenClient options with every default applied, and the reconnection backoff they define. */
import { PROTO_VERSION } from '../catalogue/catalogue.js';
import { SCHEMA_HASH } from '../catalogue/schema-hash.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { PenClientOptions, ProtoIdentity, ReconnectOptions, TransportFactory } from './types.js';

/** The options a PenClient runs with. */
export interface ClientSettings {
  factory: TransportFactory;
  clock: Clock;
  ours: ProtoIdentity;
  timeoutMs: number;
  retries: number;
  heartbeatMs: number;
  silenceMs: number;
  /** null: no reconnection, a lost link goes closed. */
  reconnect: Required<ReconnectOptions> | null;
  maxInFlight: number;
  maxQueued: number;
  queueTimeoutMs: number;
}

/**
 * Defaults: 250 ms answer timeout, 3 retransmissions, PING every 200 ms (SR-11's 500 ms lease holds), lost after 1 s of
 * silence, one command on the wire at a time with up to 32 waiting for at most 2 s.
 */
export function clientSettings(opts: PenClientOptions): ClientSettings {
  const t = opts.transport;
  const heartbeatMs = opts.heartbeatMs ?? 200;
  return {
    factory: typeof t === 'function' ? t : () => t,
    clock: opts.clock ?? systemClock,
    ours: { proto: opts.proto ?? PROTO_VERSION, schema: opts.schema ?? SCHEMA_HASH },
    timeoutMs: opts.timeoutMs ?? 250,
    retries: opts.retries ?? 3,
    heartbeatMs,
    silenceMs: opts.silenceMs ?? (heartbeatMs > 0 ? 1000 : 0),
    maxInFlight: Math.max(1, opts.maxInFlight ?? 1),
    maxQueued: Math.max(0, opts.maxQueued ?? 32),
    queueTimeoutMs: opts.queueTimeoutMs ?? 2000,
    reconnect: opts.reconnect === false ? null : {
      initialMs: opts.reconnect?.initialMs ?? 250,
      maxMs: opts.reconnect?.maxMs ?? 5000,
      factor: opts.reconnect?.factor ?? 2,
      maxAttempts: opts.reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY,
    },
  };
}

/** Delay before reconnection attempt `attempt` (0-based): initialMs · factor^attempt, capped at maxMs. */
export function backoffMs(ro: Required<ReconnectOptions>, attempt: number): number {
  return Math.min(ro.maxMs, ro.initialMs * ro.factor ** attempt);
}
