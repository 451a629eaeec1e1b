/**
 * A recording as MCAP (@mcap/core) for Foxglove and PlotJuggler: JSON
 * messages on JSON-schema'd channels, log time = the host's wall clock when
 * the line was on the wire.
 *
 *   /pen/telemetry  penbench.Telemetry  one per TLM frame: engineering units (mm, Hz, °C), area, skin contact,
 *                                       latched faults, set rate, and the raw frame under `raw`
 *   /pen/events     penbench.Event      one per EVT frame
 *   /pen/wire       foxglove.Log        every other line in and out (commands, answers, link notes), as on the wire
 *
 * Written in one streaming pass with bounded memory (chunks of 1 MiB).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { McapWriter, type IWritable } from '@mcap/core';
import { decodeLine, type Fields } from '../../../protocol/src/index.js';
import type { RowContext, TlmPoint } from '../../shared/charts/index.js';
import { RecordingScan } from './load-recording.js';
import { readRecordingFile } from './recording-reader.js';

const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;

/** The telemetry channel's JSON schema. */
export const TELEMETRY_SCHEMA = {
  title: 'penbench.Telemetry', type: 'object',
  description: 'One TLM frame of the pen with its context; depths in mm, rates in Hz, temperature in °C.',
  properties: {
    device_time_ms: int, state: str, area: str, area_name: str, skin_contact: int, faults: { type: 'array', items: str },
    depth_set_mm: num, depth_measured_mm: num, depth_error_mm: num, rate_hz: num, rate_set_hz: num, strokes: int, passes: int,
    temperature_c: num, battery_pct: num,
    raw: {
      type: 'object', description: 'The TLM fields as on the wire (µm, Hz, 0.1 °C, %)',
      properties: { t: int, s: str, d: int, m: int, r: int, n: int, p: int, c: int, b: int },
    },
  },
} as const;

/** The event channel's JSON schema. */
export const EVENT_SCHEMA = {
  title: 'penbench.Event', type: 'object', description: 'One EVT frame of the pen.',
  properties: {
    device_time_ms: int, ev: str, state: str, code: str, cartridge: str, area: str, area_name: str, pass: int, skin_contact: int,
    faults: { type: 'array', items: str }, message: str,
  },
} as const;

/** foxglove.Log, as published in Foxglove's schemas (JSON schema flavour). */
export const FOXGLOVE_LOG_SCHEMA = {
  title: 'foxglove.Log', description: 'A log message', type: 'object',
  properties: {
    timestamp: { type: 'object', title: 'time', properties: { sec: { type: 'integer', minimum: 0 }, nsec: { type: 'integer', minimum: 0, maximum: 999999999 } } },
    level: {
      title: 'foxglove.LogLevel', description: 'Log level',
      oneOf: [{ title: 'UNKNOWN', const: 0 }, { title: 'DEBUG', const: 1 }, { title: 'INFO', const: 2 }, { title: 'WARNING', const: 3 }, { title: 'ERROR', const: 4 }, { title: 'FATAL', const: 5 }],
    },
    message: str, name: str, file: str, line: { type: 'integer', minimum: 0 },
  },
} as const;

/** Topics of the export. */
export const MCAP_TOPICS = { telemetry: '/pen/telemetry', events: '/pen/events', wire: '/pen/wire' } as const;

/** The telemetry message of a frame in its context. */
export function telemetryMessage(f: TlmPoint, c: RowContext): Record<string, unknown> {
  const msg: Record<string, unknown> = {
    device_time_ms: f.t, state: f.s, area: c.area, area_name: c.nameOf(c.area), faults: c.faults,
    depth_set_mm: f.d / 1000, depth_measured_mm: f.m / 1000, rate_hz: f.r, strokes: f.n, passes: f.p, temperature_c: f.c / 10, battery_pct: f.b,
    raw: { t: f.t, s: f.s, d: f.d, m: f.m, r: f.r, n: f.n, p: f.p, c: f.c, b: f.b },
  };
  // Absent rather than null or 0 where there is no value: plots show a gap.
  if (f.s === 'RUN') msg.depth_error_mm = (f.m - f.d) / 1000;
  if (c.skin !== null) msg.skin_contact = c.skin;
  if (c.setHz !== null) msg.rate_set_hz = c.setHz;
  return msg;
}

/** The event message of an EVT frame (after the context took it in). */
function eventMessage(f: Fields<'EVT'>, c: RowContext): Record<string, unknown> {
  const e: Record<string, unknown> = { device_time_ms: f.t, ev: f.ev };
  if (f.st) e.state = f.st;
  if (f.code) e.code = f.code;
  if (f.id) e.cartridge = f.id;
  if (f.area) {
    e.area = f.area;
    e.area_name = c.nameOf(f.area);
  }
  if (f.n !== undefined) e.pass = f.n;
  if (f.on !== undefined) e.skin_contact = f.on;
  if (f.faults) e.faults = c.faults;
  if (f.msg !== undefined) e.message = f.msg;
  return e;
}

/** An IWritable over a file descriptor (synchronous writes: the writer awaits each one anyway). */
class FdWritable implements IWritable {
  private pos = 0n;
  constructor(private readonly fd: number) {}
  position(): bigint {
    return this.pos;
  }
  async write(buffer: Uint8Array): Promise<void> {
    let off = 0;
    while (off < buffer.length) off += writeSync(this.fd, buffer, off, buffer.length - off);
    this.pos += BigInt(buffer.length);
  }
}

const enc = new TextEncoder();
const json = (v: unknown): Uint8Array => enc.encode(JSON.stringify(v));

/** Writes the MCAP of the recording at `path` to `out`; resolves with the message counts. */
export async function writeMcap(path: string, out: IWritable): Promise<{ telemetry: number; events: number; wire: number }> {
  const writer = new McapWriter({ writable: out, chunkSize: 1 << 20 });
  await writer.start({ profile: '', library: 'penbench' });
  const schema = (name: string, s: object) => writer.registerSchema({ name, encoding: 'jsonschema', data: json(s) });
  const channel = async (topic: string, schemaId: number) =>
    writer.registerChannel({ topic, schemaId, messageEncoding: 'json', metadata: new Map([['source', 'penbench recording']]) });
  const tlmCh = await channel(MCAP_TOPICS.telemetry, await schema('penbench.Telemetry', TELEMETRY_SCHEMA));
  const evtCh = await channel(MCAP_TOPICS.events, await schema('penbench.Event', EVENT_SCHEMA));
  const wireCh = await channel(MCAP_TOPICS.wire, await schema('foxglove.Log', FOXGLOVE_LOG_SCHEMA));
  const counts = { telemetry: 0, events: 0, wire: 0 };
  const seqs = new Map<number, number>();
  // The scan's sink is synchronous and the writer is not: messages are chained and the chain is drained
  // between the file's chunks (the read awaits I/O), so what waits is bounded by one chunk.
  let chain: Promise<void> = Promise.resolve();
  let failed: unknown = null;
  let w = 0;
  const add = (channelId: number, data: unknown): void => {
    const ns = BigInt(Math.max(0, Math.round(w))) * 1_000_000n;
    const sequence = (seqs.get(channelId) ?? 0) + 1;
    seqs.set(channelId, sequence);
    const bytes = json(data);
    chain = chain.then(() => writer.addMessage({ channelId, sequence, logTime: ns, publishTime: ns, data: bytes })).catch((e: unknown) => {
      failed ??= e;
    });
  };
  const scan = new RecordingScan((f, c) => {
    counts.telemetry++;
    add(tlmCh, telemetryMessage(f, c));
  }, 0);
  await readRecordingFile(path, (d, line, wall, t) => {
    if (failed) throw failed;
    w = wall;
    scan.sink(d, line, wall, t);
    const r = d === 'note' ? null : decodeLine(line);
    // A decoded frame went to /pen/telemetry above; an undecodable one goes to the wire log like any other line.
    if (d === 'in' && r?.ok && r.msg.kind === 'TLM') return;
    if (d === 'in' && r?.ok && r.msg.kind === 'EVT') {
      counts.events++;
      add(evtCh, eventMessage(r.msg.fields as Fields<'EVT'>, scan.ctx));
    }
    const ms = Math.max(0, Math.round(wall));
    const warn = d === 'note' || (r !== null && !r.ok) || (r?.ok === true && r.msg.kind === 'NAK');
    counts.wire++;
    add(wireCh, {
      timestamp: { sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1_000_000 },
      level: warn ? 3 : 2,
      message: d === 'in' ? `< ${line}` : d === 'out' ? `> ${line}` : `# ${line}`,
      name: d === 'in' ? 'pen' : d === 'out' ? 'host' : 'console', file: '', line: 0,
    });
  });
  await chain;
  if (failed) throw failed;
  await writer.end();
  return counts;
}

/** Writes the MCAP of a recording to a file. */
export async function writeMcapFile(recording: string, outPath: string): Promise<{ telemetry: number; events: number; wire: number }> {
  const fd = openSync(outPath, 'w');
  try {
    return await writeMcap(recording, new FdWritable(fd));
  } finally {
    closeSync(fd);
  }
}
