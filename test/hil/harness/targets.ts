/**
 * The three targets: the in-process simulator (compressed time, a fresh pen per
 * case), the simulator CLI on a socat pty (one process, reset to factory state
 * between cases over the wire), and a pen on a serial device (features found
 * from its INFO and the options given).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTO_VERSION, SCHEMA_HASH, type HostKind } from '../../../protocol/src/index.js';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../../protocol/node/eng-auth.js';
import { SerialTransport } from '../../../protocol/node/serial-transport.js';
import { SimPen, type SimPenOptions } from '../../../firmware-sim/src/pen/sim-pen.js';
import { HilFailure, HilLink, type HilMsg } from './link.js';
import type { Feature, HilTarget, HilWire } from './types.js';
import { CompressedWire, RealtimeWire } from './wires.js';

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** Options of the in-process simulator target. */
export interface SimTargetOptions {
  seed?: number;
  /** Build each case's pen (default: a factory-fresh SimPen). A broken pen for negative tests is built here. */
  makePen?: (opts: SimPenOptions) => SimPen;
  label?: string;
}

/** The in-process simulator in compressed time: each case gets a factory-fresh pen. */
export class InProcessSimTarget implements HilTarget {
  readonly name: string;
  readonly features: ReadonlySet<Feature> = new Set<Feature>(['sim', 'power-cycle', 'compressed-time', 'eng-key']);
  readonly engKeyHex = DEFAULT_ENG_KEY_HEX;
  readonly latencyMs = 0;
  private readonly wires = new Set<CompressedWire>();

  constructor(private readonly opts: SimTargetOptions = {}) {
    this.name = opts.label ?? 'sim';
  }

  async openCase(): Promise<HilWire> {
    const penOpts: SimPenOptions = { seed: this.opts.seed ?? 1, epochMs: Date.UTC(2026, 10, 21) };
    const pen = this.opts.makePen ? this.opts.makePen(penOpts) : new SimPen(penOpts);
    const wire = new CompressedWire(pen);
    this.wires.add(wire);
    return wire;
  }

  async closeCase(wire: HilWire): Promise<void> {
    if (wire instanceof CompressedWire) {
      wire.dispose();
      this.wires.delete(wire);
    }
  }

  async dispose(): Promise<void> {
    for (const w of this.wires) w.dispose();
    this.wires.clear();
  }
}

/**
 * Bring a simulator reached over a real wire back to factory state between
 * cases: stop, clear injections, remove the cartridge, full battery, default
 * settings. When the last case did something lasting (START records a
 * cartridge in NVM; a profile, area or power change), also wipe its NVM file
 * (the bench's supply of fresh cartridges) and power-cycle it.
 */
async function factoryReset(wire: RealtimeWire, engKeyHex: string, wipeNvm: (() => void) | null): Promise<void> {
  const link = new HilLink(wire, 1500);
  try {
    // Commands go out back to back and the answers are collected after: the
    // pen handles them in order, and a reset costs two round trips, not twenty.
    const [hello, , chal] = await pipeline(link, [['HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH }, true], ['STOP', {}, true], ['ENG_OPEN', {}, false]]);
    const cycle = wire.dirty && wipeNvm !== null;
    const cmds: Cmd[] = [];
    if (chal!.kind === 'CHAL') cmds.push(['ENG_AUTH', { mac: engMac(engKeyHex, String(chal!.fields.nonce), String(hello!.fields.serial)) }, true]);
    cmds.push(
      ['SIM_FAULT', { f: 'CLEAR' }, true], ['SIM_CART', { op: 'REMOVE' }, false], ['SIM_FAULT', { f: 'BATTERY', v: 100 }, true],
      ['SIM_POWER', { op: 'CHARGER_OFF' }, true], ['TLM_RATE', { hz: 0 }, true],
    );
    if (cycle) {
      wipeNvm();
      cmds.push(['SIM_POWER', { op: 'CYCLE' }, true]);
    } else {
      cmds.push(['CLEAR_FAULT', {}, false], ['SET_DEPTH', { um: 250 }, true], ['SET_RATE', { hz: 120 }, true], ['ENG_CLOSE', {}, true]);
      // Leave the link un-handshaken, as after power-on: a mismatching HELLO ends the handshake.
      cmds.push(['HELLO', { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH }, false]);
    }
    const since = link.mark();
    await pipeline(link, cmds);
    if (cycle) await link.event('BOOT', {}, { since, timeoutMs: 3000 });
    wire.dirty = false;
  } finally {
    link.detach();
  }
}

/** A command of a pipelined batch: kind, fields, and whether a NAK is an error. */
type Cmd = [HostKind, Record<string, string | number>, boolean];

/** Send every command, then wait for every answer (in order); a NAK where one is not allowed fails. */
async function pipeline(link: HilLink, cmds: readonly Cmd[]): Promise<HilMsg[]> {
  const since = link.mark();
  const seqs = cmds.map(([kind, fields]) => link.send(kind, fields as never));
  const out: HilMsg[] = [];
  for (let i = 0; i < cmds.length; i++) {
    const [kind, fields, mustAck] = cmds[i]!;
    const a = await link.waitAnswer(seqs[i]!, kind, since);
    if (mustAck && a.msg.kind === 'NAK') throw new HilFailure(`reset: ${kind} ${JSON.stringify(fields)} refused: ${String(a.msg.fields.code)}`);
    out.push(a.msg);
  }
  return out;
}

/** Options of the pty target. */
export interface PtyTargetOptions {
  /** UART speed the simulator emulates (its output throttle), and the port's baud rate; 0 = unthrottled. */
  baud?: number;
  seed?: number;
}

/** The simulator CLI (`sim-cli.ts --pty`) as a child process, reached through a socat pty and serialport. */
export class PtySimTarget implements HilTarget {
  readonly name = 'pty';
  readonly features: ReadonlySet<Feature> = new Set<Feature>(['sim', 'power-cycle', 'eng-key']);
  readonly engKeyHex = DEFAULT_ENG_KEY_HEX;
  readonly latencyMs: number;
  private wire: RealtimeWire | null = null;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly transport: SerialTransport,
    readonly ptyPath: string,
    baud: number,
  ) {
    // A 70-byte frame takes ~6 ms at 115200 baud; the pty and two event loops add a few more.
    this.latencyMs = 60 + (baud > 0 ? Math.ceil(200_000 / baud) * 10 : 0);
  }

  /** Spawn the simulator and open its pty. */
  static async start(opts: PtyTargetOptions = {}): Promise<PtySimTarget> {
    const baud = opts.baud ?? 115200;
    const dir = mkdtempSync(join(tmpdir(), 'penbench-hil-'));
    // Node itself with tsx's loader, not the tsx CLI (which runs the script in a grandchild): a kill reaches the simulator.
    const args = ['--import', 'tsx', join(REPO, 'firmware-sim/src/cli/sim-cli.ts'), '--pty', '--nvm', join(dir, 'nvm.json'), '--baud', String(baud), '--seed', String(opts.seed ?? 1)];
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      err = (err + d).slice(-2000);
    });
    const path = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`simulator printed no PTY line within 20 s: ${err.trim()}`)), 20_000);
      child.stdout?.on('data', (d: string) => {
        out += d;
        const m = /^PTY (\S+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          res(m[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`simulator exited (${code}) before printing PTY: ${err.trim()}`));
      });
    }).catch((e: unknown) => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw e;
    });
    const transport = new SerialTransport({ path, baudRate: baud > 0 ? baud : 115200 });
    const opened = await transport.open();
    if (!opened.ok) {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`cannot open ${path}: ${opened.error.message}`);
    }
    return new PtySimTarget(child, dir, transport, path, baud);
  }

  async openCase(): Promise<HilWire> {
    this.wire ??= new RealtimeWire(this.transport);
    // The registry and the witness of its generation go together: the image alone missing is NVM_INTEGRITY (SR-08).
    await factoryReset(this.wire, this.engKeyHex, () => {
      for (const f of ['nvm.json', 'nvm.json.witness']) rmSync(join(this.dir, f), { force: true });
    });
    return this.wire;
  }

  async closeCase(): Promise<void> {}

  async dispose(): Promise<void> {
    await this.transport.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(t);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Options of a serial target. */
export interface SerialTargetOptions {
  path: string;
  baud?: number;
  /** Engineering key of this pen, if QA has it. */
  engKeyHex?: string;
}

/** A pen on a serial device: features come from its INFO (`sim=1`) and the key given. */
export class SerialTarget implements HilTarget {
  readonly name: string;
  readonly engKeyHex: string | null;
  readonly latencyMs: number;
  private wire: RealtimeWire | null = null;

  private constructor(
    private readonly transport: SerialTransport,
    readonly features: ReadonlySet<Feature>,
    opts: SerialTargetOptions,
  ) {
    this.name = opts.path;
    this.engKeyHex = opts.engKeyHex ?? null;
    this.latencyMs = 60 + Math.ceil(200_000 / (opts.baud ?? 115200)) * 10;
  }

  /** Open the device and ask the pen what it supports. */
  static async open(opts: SerialTargetOptions): Promise<SerialTarget> {
    const transport = new SerialTransport({ path: opts.path, baudRate: opts.baud ?? 115200 });
    const opened = await transport.open();
    if (!opened.ok) throw new Error(`cannot open ${opts.path}: ${opened.error.message}`);
    const wire = new RealtimeWire(transport);
    const link = new HilLink(wire, 1500);
    const features = new Set<Feature>();
    try {
      const info = await link.ok('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
      if (opts.engKeyHex) features.add('eng-key');
      if (info.fields.sim === 1 && opts.engKeyHex) features.add('sim').add('power-cycle');
    } catch (e) {
      await transport.close();
      throw new Error(`no valid HELLO answer from ${opts.path}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      link.detach();
    }
    const t = new SerialTarget(transport, features, opts);
    t.wire = wire;
    return t;
  }

  async openCase(): Promise<HilWire> {
    const wire = this.wire!;
    if (this.features.has('sim') && this.engKeyHex) {
      // A simulator on a real port: same reset as the pty target, but its NVM is not ours to wipe.
      await factoryReset(wire, this.engKeyHex, null);
    } else {
      const link = new HilLink(wire, 1500);
      try {
        await link.ok('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
        await link.ok('STOP', {});
        await link.request('CLEAR_FAULT', {});
        await link.ok('TLM_RATE', { hz: 0 });
      } finally {
        link.detach();
      }
    }
    return wire;
  }

  async closeCase(): Promise<void> {}

  async dispose(): Promise<void> {
    await this.transport.close();
  }
}
