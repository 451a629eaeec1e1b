/**
 * Simulator speed: one hour of pen time running at 150 Hz with 200 Hz
 * telemetry, in compressed time, on the real path (commands and every TLM/EVT
 * frame encoded by PenLink; host heartbeats every 200 ms of pen time).
 * `sim_speedup_x` = pen time / wall time. Baseline in the same run: the same
 * hour with telemetry off, to show what the wire encoding costs.
 */
import { encode, PROTO_VERSION, SCHEMA_HASH, type Message } from '../../../protocol/src/index.js';
import { createSimPen } from '../../../firmware-sim/src/pen/sim-pen.js';
import { fmt, medianOf, type BenchSection } from './section.js';

const HOUR_MS = 3_600_000;
const HEARTBEAT_MS = 200;

/** Simulate `penMs` of running; returns wall ms, output frames and bytes. */
function runHour(tlmHz: number, penMs = HOUR_MS): { wallMs: number; frames: number; bytes: number; state: string; strokes: number } {
  let frames = 0;
  let bytes = 0;
  let seq = 0;
  const pen = createSimPen({
    seed: 150, cartridge: 'N12-OK-01',
    send: (l) => {
      frames++;
      bytes += l.length;
    },
  });
  const cmd = (kind: string, fields: Record<string, unknown> = {}) =>
    pen.receiveLine(encode({ seq: seq++ & 0xffff, kind, fields } as unknown as Message));
  cmd('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
  pen.advance(400);
  cmd('TLM_RATE', { hz: tlmHz });
  cmd('SET_RATE', { hz: 150 });
  cmd('SET_AREA', { area: 'CHEEK' }); // START needs an area (SR-02)
  cmd('SET_DEPTH', { um: 1000 });
  cmd('START');
  const t0 = performance.now();
  for (let t = 0; t < penMs; t += HEARTBEAT_MS) {
    pen.advance(HEARTBEAT_MS);
    cmd('PING');
  }
  const wallMs = performance.now() - t0;
  const s = pen.snapshot();
  return { wallMs, frames, bytes, state: s.state, strokes: s.strokes };
}

export const simSection: BenchSection = {
  name: 'sim',
  async run() {
    runHour(200, 60_000); // warm-up
    let last = runHour(200, 1);
    const wall = await medianOf(3, () => {
      last = runHour(200);
      return last.wallMs;
    });
    if (last.strokes < 150 * 3500) throw new Error(`pen did not run the hour: state ${last.state}, ${last.strokes} strokes`);
    const baseWall = await medianOf(3, () => runHour(0).wallMs);
    const speedup = HOUR_MS / wall;
    const base = HOUR_MS / baseWall;
    console.log(`   1 h of pen time at 150 Hz, TLM 200 Hz: ${fmt(wall)} ms wall → ${fmt(speedup)}× real time (target ≥ 1000×)`);
    console.log(`   ${fmt(last.frames)} frames, ${fmt(last.bytes)} bytes out, ${fmt(last.strokes)} strokes; final state ${last.state}`);
    console.log(`   baseline, telemetry off: ${fmt(baseWall)} ms → ${fmt(base)}×; telemetry encoding is ${fmt((1 - baseWall / wall) * 100)} % of the time`);
    return {
      sim_speedup_x: Math.round(speedup),
      sim_speedup_no_tlm_x: Math.round(base),
      sim_tlm_frames_per_wall_s: Math.round(last.frames / (wall / 1000)),
    };
  },
};
