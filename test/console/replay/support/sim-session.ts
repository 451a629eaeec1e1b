/**
 * Writes a recording (format 1, as SessionRecorder writes it) of a session with
 * the real simulated pen in compressed time: the console's handshake and
 * queries, 200 Hz telemetry, an area and depth plan, heartbeats every 200 ms
 * (but in the quiet spans asked for).
 * Tests and the replay bench use it instead of a hand-made fixture, so the
 * lines are exactly what the firmware sends.
 */
import { CATALOGUE, encode, PROTO_VERSION, SCHEMA_HASH, type Message } from '../../../../protocol/src/index.js';
import { createSimPen } from '../../../../firmware-sim/src/pen/sim-pen.js';

/** One step of the plan: at pen time `at` ms, send these commands. */
export interface PlanStep {
  at: number;
  cmds: [string, Record<string, unknown>][];
}

/** Options of a generated session. */
export interface SimSessionOptions {
  durationMs: number;
  tlmHz?: number;
  plan?: PlanStep[];
  seed?: number;
  /** Wall clock of pen time 0. */
  wall0?: number;
  cartridge?: string;
  /** Pen-time spans [from, to) ms without heartbeats: a link that goes quiet (the running pen faults LINK_LOST). */
  quiet?: { from: number; to: number }[];
}

/** A plan that visits three areas at their recommended depths. */
export function defaultPlan(durationMs: number): PlanStep[] {
  const third = Math.floor(durationMs / 3);
  return [
    { at: 500, cmds: [['SET_AREA', { area: 'FOREHEAD' }], ['SET_DEPTH', { um: 500 }], ['START', {}]] },
    // STOP takes a few ms to retract (START meanwhile is BUSY): the next area follows a tick later.
    { at: third, cmds: [['STOP', {}]] },
    { at: third + 200, cmds: [['SET_AREA', { area: 'CHEEK' }], ['SET_DEPTH', { um: 1000 }], ['START', {}]] },
    { at: 2 * third, cmds: [['STOP', {}]] },
    { at: 2 * third + 200, cmds: [['SET_AREA', { area: 'ACNE_SCAR' }], ['SET_DEPTH', { um: 1500 }], ['START', {}]] },
  ];
}

function rec(w: number, t: number, d: 'in' | 'out', l: string): string {
  return JSON.stringify({ w, t: Math.round(t * 10) / 10, d, l });
}

/** The recording text, and how many pen → host lines it holds. */
export function simSessionRecording(opts: SimSessionOptions): { text: string; linesIn: number; records: number } {
  const wall0 = opts.wall0 ?? Date.UTC(2026, 10, 21, 9, 0, 0);
  const out: string[] = [JSON.stringify({ type: 'start', format: 1, wall: wall0, target: 'sim', console: 'penbench' })];
  let now = 0;
  let seq = 0;
  let linesIn = 0;
  const pen = createSimPen({
    seed: opts.seed ?? 7, cartridge: opts.cartridge ?? 'N12-OK-01', epochMs: wall0,
    send: (text) => {
      for (const line of text.split('\n')) {
        if (!line) continue;
        // Frames carry device time; answers arrive "now".
        const m = / t=(\d+)/.exec(line);
        const t = m ? Number(m[1]) + 2 : now + 1;
        out.push(rec(wall0 + t, t, 'in', line));
        linesIn++;
      }
    },
  });
  const cmd = (kind: string, fields: Record<string, unknown> = {}): void => {
    const line = encode({ seq: seq++ & 0xffff, kind, fields } as unknown as Message).replace(/\n$/, '');
    out.push(rec(wall0 + now, now, 'out', line));
    pen.receiveLine(line + '\n');
  };
  cmd('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
  pen.advance(300);
  now = 300;
  cmd('GET_INFO');
  if ('GET_STATUS' in CATALOGUE) cmd('GET_STATUS');
  for (let i = 0; i < 12; i++) cmd('GET_AREA', { i });
  cmd('GET_CART');
  cmd('TLM_RATE', { hz: opts.tlmHz ?? 200 });
  const plan = [...(opts.plan ?? defaultPlan(opts.durationMs))].sort((a, b) => a.at - b.at);
  let step = 0;
  const tick = 200;
  while (now < opts.durationMs) {
    while (step < plan.length && plan[step]!.at <= now) {
      for (const [k, f] of plan[step]!.cmds) cmd(k, f);
      step++;
    }
    pen.advance(tick);
    now += tick;
    if (!opts.quiet?.some((q) => now >= q.from && now < q.to)) cmd('PING');
  }
  out.push(JSON.stringify({ type: 'end', wall: wall0 + now, lines: out.length - 1 }));
  return { text: out.join('\n') + '\n', linesIn, records: out.length - 2 };
}
