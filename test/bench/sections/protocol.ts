/**
 * Protocol figures on the real stream path: Buffer chunks → ReadlineParser →
 * decode, against a JSON-lines + CRC baseline of the same content through the
 * same parser and node-mavlink's splitter + parser on a comparable telemetry
 * message; encode rate; and command→ACK latency over a real socat pty pair
 * (PenClient + SerialTransport ↔ SerialTransport + PenLink).
 */
import { Readable } from 'node:stream';
import { ReadlineParser } from '@serialport/parser-readline';
import { MavLinkPacketParser, MavLinkPacketSplitter, MavLinkProtocolV2, common, type MavLinkPacket } from 'node-mavlink';
import {
  CATALOGUE, PenClient, crc16, crcHex, decodeLine, encode, type FieldSpec, type Message, type PenState,
} from '../../../protocol/src/index.js';
import { SerialTransport, openPtyPair } from '../../../protocol/node/index.js';
import { ScriptedPen } from '../../protocol/support/scripted-pen.js';
import { HAS_SOCAT } from '../../support/requirements.js';
import { fmt, medianOf, type BenchSection } from './section.js';

const LINES = 100_000;
const CHUNK = 1024; // bytes per read, like a USB CDC / tty read
const REPS = 5;
const RTT_WARMUP = 200;
const RTT_SAMPLES = 2000;

const STATES: PenState[] = ['RUN', 'READY', 'STOP', 'RUN'];

/** A plausible telemetry message; values vary so no line is a copy of another. */
export function tlm(i: number): Message<'TLM'> {
  return {
    seq: i & 0xffff,
    kind: 'TLM',
    fields: {
      t: 1_000_000 + i * 5, s: STATES[i & 3]!, d: 1500, m: 1400 + (i % 200), r: 110 + (i % 20), n: i * 3,
      p: i % 4, c: 300 + (i % 50), b: 90 - (i % 80),
    },
  };
}

function chunksOf(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += CHUNK) out.push(buf.subarray(i, i + CHUNK));
  return out;
}

/** Push chunks through a ReadlineParser (as SerialTransport does) and call onLine per line; resolves with elapsed ms. */
function throughReadline(chunks: Buffer[], onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const parser = new ReadlineParser({ delimiter: '\n', encoding: 'latin1' });
    parser.on('data', onLine);
    parser.on('end', () => resolve(performance.now() - t0));
    parser.on('error', reject);
    Readable.from(chunks, { objectMode: false }).pipe(parser);
  });
}

/** The JSON-lines + CRC baseline: `{"seq":..,"kind":"TLM","fields":{..}}*CRC`. */
function jsonLine(m: Message<'TLM'>): string {
  const body = JSON.stringify(m);
  return `${body}*${crcHex(crc16(body))}\n`;
}

const TLM_KEYS = Object.entries(CATALOGUE.TLM.keys as Record<string, FieldSpec>);

/** The same checks the codec makes, on a JSON-decoded TLM (informational figure: equal work). */
function validTlm(m: Message | null): boolean {
  if (!m || m.kind !== 'TLM' || !Number.isInteger(m.seq) || m.seq < 0 || m.seq > 65535) return false;
  const f = m.fields as Record<string, unknown>;
  for (const [k, spec] of TLM_KEYS) {
    const v = f[k];
    if (spec.t === 'int') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < spec.min || v > spec.max) return false;
    } else if (spec.t === 'enum') {
      if (typeof v !== 'string' || !spec.values.includes(v)) return false;
    }
  }
  return Object.keys(f).length === TLM_KEYS.length;
}

function decodeJsonLine(line: string): Message | null {
  const star = line.lastIndexOf('*');
  if (star < 0 || crcHex(crc16(line, 0, star)) !== line.slice(star + 1, star + 5)) return null;
  return JSON.parse(line.slice(0, star)) as Message;
}

/** MAVLink SYS_STATUS: a status-telemetry message with battery, load and counters (13 integer fields). */
function mavMessage(i: number): common.SysStatus {
  const m = new common.SysStatus();
  m.onboardControlSensorsPresent = 0x2f as never;
  m.onboardControlSensorsEnabled = 0x2f as never;
  m.onboardControlSensorsHealth = 0x2f as never;
  m.load = 300 + (i % 50);
  m.voltageBattery = 3700 + (i % 100);
  m.currentBattery = 120;
  m.batteryRemaining = 90 - (i % 80);
  m.dropRateComm = 0;
  m.errorsComm = i % 7;
  m.errorsCount1 = 0;
  m.errorsCount2 = 0;
  m.errorsCount3 = 0;
  m.errorsCount4 = i % 3;
  return m;
}

function throughMavlink(chunks: Buffer[], onPacket: (p: MavLinkPacket) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const parser = new MavLinkPacketParser();
    parser.on('data', onPacket);
    parser.on('end', () => resolve(performance.now() - t0));
    parser.on('error', reject);
    Readable.from(chunks, { objectMode: false }).pipe(new MavLinkPacketSplitter()).pipe(parser);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function rttOverPty(): Promise<{ p50: number; p99: number; max: number; n: number }> {
  const pty = await openPtyPair();
  const penSide = new SerialTransport({ path: pty.b });
  const host = new SerialTransport({ path: pty.a });
  const client = new PenClient({ transport: host, reconnect: false });
  try {
    const opened = await penSide.open();
    if (!opened.ok) throw new Error(opened.error.message);
    new ScriptedPen(penSide);
    const c = await client.connect();
    if (!c.ok) throw new Error(c.message);
    const rtts: number[] = [];
    for (let i = 0; i < RTT_WARMUP + RTT_SAMPLES; i++) {
      const r = await client.request('SET_DEPTH', { um: 250 + 50 * (i % 46) });
      if (!r.ok) throw new Error(`request failed: ${r.error} ${r.message}`);
      if (i >= RTT_WARMUP) rtts.push(r.rttMs);
    }
    rtts.sort((a, b) => a - b);
    return { p50: percentile(rtts, 50), p99: percentile(rtts, 99), max: rtts.at(-1)!, n: rtts.length };
  } finally {
    await client.close();
    await penSide.close();
    await pty.close();
  }
}

export const protocolSection: BenchSection = {
  name: 'protocol',
  async run() {
    const msgs = Array.from({ length: LINES }, (_, i) => tlm(i));
    const lineText = msgs.map(encode);
    const lineBuf = Buffer.from(lineText.join(''), 'latin1');
    const jsonBuf = Buffer.from(msgs.map(jsonLine).join(''), 'latin1');
    const mavProto = new MavLinkProtocolV2(1, 1);
    const mavBuf = Buffer.concat(Array.from({ length: LINES }, (_, i) => mavProto.serialize(mavMessage(i), i & 0xff)));
    const lineChunks = chunksOf(lineBuf);
    const jsonChunks = chunksOf(jsonBuf);
    const mavChunks = chunksOf(mavBuf);
    const registry = { [common.SysStatus.MSG_ID]: common.SysStatus } as Record<number, typeof common.SysStatus>;
    console.log(`${fmt(LINES)} messages: TLM ${fmt(lineBuf.length / LINES, 1)} B/line, JSON ${fmt(jsonBuf.length / LINES, 1)} B/line, MAVLink v2 SYS_STATUS ${fmt(mavBuf.length / LINES, 1)} B/packet; ${CHUNK}-byte chunks; median of ${REPS}`);

    let bad = 0;
    const check = (n: number, what: string) => {
      if (n !== LINES) throw new Error(`${what}: ${n} of ${LINES} decoded`);
    };

    const readlineMs = await medianOf(REPS, async () => {
      let n = 0;
      const ms = await throughReadline(lineChunks, () => n++);
      check(n, 'readline');
      return ms;
    });
    const decodeMs = await medianOf(REPS, async () => {
      let n = 0;
      const ms = await throughReadline(lineChunks, (l) => {
        const r = decodeLine(l);
        if (r.ok) n++;
        else bad++;
      });
      check(n, 'codec');
      return ms;
    });
    const jsonMs = await medianOf(REPS, async () => {
      let n = 0;
      const ms = await throughReadline(jsonChunks, (l) => {
        if (decodeJsonLine(l)) n++;
      });
      check(n, 'json');
      return ms;
    });
    const jsonValidatedMs = await medianOf(REPS, async () => {
      let n = 0;
      const ms = await throughReadline(jsonChunks, (l) => {
        if (validTlm(decodeJsonLine(l))) n++;
      });
      check(n, 'json validated');
      return ms;
    });
    const mavMs = await medianOf(REPS, async () => {
      let n = 0;
      const ms = await throughMavlink(mavChunks, (p) => {
        const clazz = registry[p.header.msgid];
        if (clazz && p.protocol.data(p.payload, clazz)) n++;
      });
      check(n, 'mavlink');
      return ms;
    });
    // Decode alone (no stream), to show what dominates the stream figure.
    const decodeOnlyMs = await medianOf(REPS, () => {
      const t0 = performance.now();
      for (const l of lineText) if (!decodeLine(l).ok) bad++;
      return performance.now() - t0;
    });
    const jsonLines = msgs.map(jsonLine);
    const jsonOnlyMs = await medianOf(REPS, () => {
      const t0 = performance.now();
      for (const l of jsonLines) if (!decodeJsonLine(l)) bad++;
      return performance.now() - t0;
    });
    const encodeMs = await medianOf(REPS, () => {
      const t0 = performance.now();
      let len = 0;
      for (const m of msgs) len += encode(m).length;
      if (len !== lineBuf.length) throw new Error('encode length mismatch');
      return performance.now() - t0;
    });
    if (bad > 0) throw new Error(`${bad} TLM lines failed to decode`);

    const perS = (ms: number) => LINES / (ms / 1000);
    const out: Record<string, number> = {
      codec_decode_lines_per_s: Math.round(perS(decodeMs)),
      codec_encode_lines_per_s: Math.round(perS(encodeMs)),
      codec_decode_only_lines_per_s: Math.round(perS(decodeOnlyMs)),
      json_baseline_decode_lines_per_s: Math.round(perS(jsonMs)),
      json_baseline_decode_only_lines_per_s: Math.round(perS(jsonOnlyMs)),
      json_validated_decode_lines_per_s: Math.round(perS(jsonValidatedMs)),
      mavlink_decode_packets_per_s: Math.round(perS(mavMs)),
      readline_only_lines_per_s: Math.round(perS(readlineMs)),
    };
    out.decode_vs_json_x = +(out.codec_decode_lines_per_s! / out.json_baseline_decode_lines_per_s!).toFixed(2);
    out.decode_vs_mavlink_x = +(out.codec_decode_lines_per_s! / out.mavlink_decode_packets_per_s!).toFixed(2);
    const readlineShare = readlineMs / decodeMs;

    console.log(`readline only                 ${fmt(out.readline_only_lines_per_s!).padStart(12)} lines/s`);
    console.log(`readline + codec decode       ${fmt(out.codec_decode_lines_per_s!).padStart(12)} lines/s   (readline is ${fmt(readlineShare * 100)} % of the time)`);
    console.log(`readline + JSON + CRC         ${fmt(out.json_baseline_decode_lines_per_s!).padStart(12)} lines/s   → codec is ${out.decode_vs_json_x}× (target ≥ 3×)`);
    console.log(`readline + JSON + CRC + checks${fmt(out.json_validated_decode_lines_per_s!).padStart(12)} lines/s   (informational: the JSON path doing the codec's range checks too)`);
    console.log(`mavlink splitter + parser     ${fmt(out.mavlink_decode_packets_per_s!).padStart(12)} packets/s → codec is ${out.decode_vs_mavlink_x}× (target ≥ 4×)`);
    console.log(`codec decode alone (no stream)${fmt(out.codec_decode_only_lines_per_s!).padStart(12)} lines/s   (JSON + CRC alone: ${fmt(out.json_baseline_decode_only_lines_per_s!)} lines/s)`);
    console.log(`codec encode                  ${fmt(out.codec_encode_lines_per_s!).padStart(12)} lines/s`);

    if (!HAS_SOCAT) {
      console.log('rtt: skipped, socat not installed (apt-get install -y socat)');
      return out;
    }
    const rtt = await rttOverPty();
    out.rtt_p50_ms = +rtt.p50.toFixed(3);
    out.rtt_p99_ms = +rtt.p99.toFixed(3);
    out.rtt_max_ms = +rtt.max.toFixed(3);
    console.log(`command→ACK over a socat pty pair, ${rtt.n} requests: p50 ${rtt.p50.toFixed(3)} ms, p99 ${rtt.p99.toFixed(3)} ms (target ≤ 5 ms), max ${rtt.max.toFixed(3)} ms`);
    return out;
  },
};
