/**
 * The targets: the in-process simulator (compressed time), the simulator CLI
 * on a socat pty, and a pen on a serial device. Each is one pen shared by the
 * whole run and reset between cases by the same procedure (reset.ts); what a
 * target can do is asked of the pen itself (INFO sim=, whether the key opens
 * a session), never assumed from its name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTO_VERSION, SCHEMA_HASH, type Fields } from '../../../protocol/src/index.js';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../../protocol/node/eng-auth.js';
import { SerialTransport } from '../../../protocol/node/serial-transport.js';
import { SimPen, type SimPenOptions } from '../../../firmware-sim/src/pen/sim-pen.js';
import type { PenLimits } from '../../../firmware-sim/src/machine/limits.js';
import { CartridgeSupply } from './cartridges.js';
import { HilLink } from './link.js';
import type { Operator } from './operator.js';
import type { Feature, HilTarget, HilWire, RunState } from './types.js';
import { CompressedWire, RealtimeWire } from './wires.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));

/** A fresh run state. */
export function newRunState(): RunState {
  return { supply: new CartridgeSupply(), info: null, baselineProfile: null };
}

/** What a pen can do, asked over the wire: INFO (sim=) and whether the key opens an engineering session. */
export async function probePen(wire: HilWire, engKeyHex: string | null, timeoutMs: number): Promise<{ info: Fields<'INFO'>; features: Set<Feature>; notes: string[] }> {
  const link = new HilLink(wire, timeoutMs);
  const features = new Set<Feature>();
  const notes: string[] = [];
  try {
    const hello = await link.request('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
    if (hello.msg.kind !== 'INFO') {
      const f = hello.msg.fields;
      throw new Error(`the pen refuses this suite's HELLO (NAK ${String(f.code)}: pen proto ${String(f.proto ?? '?')} schema ${String(f.schema ?? '?')}; suite proto ${PROTO_VERSION} schema ${SCHEMA_HASH}) — VERSION`);
    }
    const info = hello.msg.fields as Fields<'INFO'>;
    if (engKeyHex !== null) {
      const chal = await link.request('ENG_OPEN', {});
      if (chal.msg.kind === 'CHAL') {
        const auth = await link.request('ENG_AUTH', { mac: engMac(engKeyHex, String(chal.msg.fields.nonce), info.serial) });
        if (auth.msg.kind === 'ACK') {
          features.add('eng-key');
          await link.request('ENG_CLOSE', {});
        } else notes.push(`the engineering key given was refused (${String(auth.msg.fields.code)}): cases that need eng-key or sim are skipped`);
      } else notes.push(`the pen refuses ENG_OPEN (${String(chal.msg.fields.code)}): it has no engineering session; cases that need eng-key or sim are skipped`);
    }
    if (features.has('eng-key') && info.sim === 1) features.add('sim');
    return { info, features, notes };
  } finally {
    link.detach();
  }
}

/** Options of the in-process simulator target. */
export interface SimTargetOptions {
  seed?: number;
  /** Build the pen (default: a factory-fresh SimPen). A broken pen for negative tests is built here. */
  makePen?: (opts: SimPenOptions) => SimPen;
  label?: string;
  /** Narrower limits than the hardware's (INFO reports them). */
  limits?: Partial<PenLimits>;
  /** A cartridge fitted at power-up (a sample id). */
  cartridge?: string;
  /** The engineering key the harness is given (default: the simulator's; null: none, as QA without the key). */
  engKeyHex?: string | null;
  /** A person at the bench (tests give a robot that acts on the pen). */
  operator?: (pen: SimPen) => Operator;
}

/** The in-process simulator in compressed time: one pen for the run. */
export class InProcessSimTarget implements HilTarget {
  readonly name: string;
  features: ReadonlySet<Feature> = new Set<Feature>();
  engKeyHex: string | null = null;
  readonly latencyMs = 0;
  readonly operator: Operator | null;
  readonly run = newRunState();
  readonly pen: SimPen;
  notes: string[] = [];
  private readonly wire: CompressedWire;
  private probed = false;

  constructor(private readonly opts: SimTargetOptions = {}) {
    this.name = opts.label ?? 'sim';
    const penOpts: SimPenOptions = { seed: opts.seed ?? 1, epochMs: Date.UTC(2026, 10, 21) };
    if (opts.limits) penOpts.limits = opts.limits;
    if (opts.cartridge) penOpts.cartridge = opts.cartridge;
    this.pen = opts.makePen ? opts.makePen(penOpts) : new SimPen(penOpts);
    this.wire = new CompressedWire(this.pen);
    this.operator = opts.operator ? opts.operator(this.pen) : null;
  }

  async openCase(): Promise<HilWire> {
    if (!this.probed) {
      this.probed = true;
      // A pen fresh from power-up finishes its self-test first.
      await this.wire.sleep(300);
      const key = this.opts.engKeyHex === undefined ? DEFAULT_ENG_KEY_HEX : this.opts.engKeyHex;
      const p = await probePen(this.wire, key, 1000);
      const f = new Set<Feature>([...p.features, 'compressed-time']);
      if (this.operator) f.add('operator');
      this.features = f;
      this.engKeyHex = f.has('eng-key') ? key : null;
      this.notes = p.notes;
    }
    return this.wire;
  }

  async closeCase(): Promise<void> {}

  async dispose(): Promise<void> {
    this.wire.dispose();
  }
}

/** Options of a pen reached over a serial line. */
export interface SerialTargetOptions {
  path: string;
  baud?: number;
  /** The pen's engineering key, if QA has it. */
  engKeyHex?: string | null;
  operator?: Operator | null;
}

/** A pen on a serial device (or a pty): features come from its INFO and the key given. */
export class SerialTarget implements HilTarget {
  readonly name: string;
  readonly latencyMs: number;
  readonly operator: Operator | null;
  readonly run = newRunState();
  features: ReadonlySet<Feature> = new Set<Feature>();
  engKeyHex: string | null = null;
  notes: string[] = [];
  protected wire: RealtimeWire | null = null;

  protected constructor(protected readonly transport: SerialTransport, opts: SerialTargetOptions, name = opts.path) {
    this.name = name;
    this.operator = opts.operator ?? null;
    // A 70-byte frame takes ~6 ms at 115200 baud; the pty and two event loops add a few more.
    const baud = opts.baud ?? 115200;
    this.latencyMs = 60 + (baud > 0 ? Math.ceil(200_000 / baud) * 10 : 0);
  }

  /** Open the device and ask the pen what it supports. */
  static async open(opts: SerialTargetOptions): Promise<SerialTarget> {
    const transport = await openTransport(opts.path, opts.baud);
    const t = new SerialTarget(transport, opts);
    await t.probe(opts.engKeyHex ?? null);
    return t;
  }

  protected async probe(engKeyHex: string | null): Promise<void> {
    this.wire = new RealtimeWire(this.transport, { reopen: true });
    try {
      const p = await probePen(this.wire, engKeyHex, 1500);
      const f = new Set<Feature>(p.features);
      if (this.operator) f.add('operator');
      this.features = f;
      this.engKeyHex = f.has('eng-key') ? engKeyHex : null;
      this.notes = p.notes;
    } catch (e) {
      await this.transport.close();
      throw new Error(`no valid HELLO answer from ${this.transport.label}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async openCase(): Promise<HilWire> {
    return this.wire!;
  }

  async closeCase(): Promise<void> {}

  async dispose(): Promise<void> {
    if (this.wire) this.wire.reopen = false;
    await this.transport.close();
  }
}

async function openTransport(path: string, baud = 115200): Promise<SerialTransport> {
  const transport = new SerialTransport({ path, baudRate: baud > 0 ? baud : 115200 });
  const opened = await transport.open();
  if (!opened.ok) throw new Error(`cannot open ${path}: ${opened.error.message}`);
  return transport;
}

/** Options of the pty target. */
export interface PtyTargetOptions {
  /** UART speed the simulator emulates (its output throttle), and the port's baud rate; 0 = unthrottled. */
  baud?: number;
  seed?: number;
  limits?: Partial<PenLimits>;
  operator?: Operator | null;
  /**
   * The simulator's clock (its --clock): `real` follows wall time, so a starved process catches up in bursts (it
   * then sheds telemetry and may see a lease expire, as a starved pen would); `sim` advances 5 ms per tick, so a
   * busy machine slows the pen down instead. Default real.
   */
  clock?: 'real' | 'sim';
}

/** The simulator CLI (`sim-cli.ts --pty`, a fresh registry) as a child process, reached through its pty like any serial pen. */
export class PtySimTarget extends SerialTarget {
  private constructor(transport: SerialTransport, opts: SerialTargetOptions, private readonly child: ChildProcess, private readonly dir: string) {
    super(transport, opts, 'pty');
  }

  /** Spawn the simulator and open its pty. */
  static async start(opts: PtyTargetOptions = {}): Promise<PtySimTarget> {
    const baud = opts.baud ?? 115200;
    const dir = mkdtempSync(join(tmpdir(), 'penbench-hil-'));
    const limits = Object.entries(opts.limits ?? {}).flatMap(([k, v]) => [`--${k}`, String(v)]);
    // Node itself with tsx's loader, not the tsx CLI (which runs the script in a grandchild): a kill reaches the simulator.
    const args = ['--import', 'tsx', join(REPO, 'firmware-sim/src/cli/sim-cli.ts'), '--pty', '--nvm', join(dir, 'nvm.json'), '--baud', String(baud),
      '--seed', String(opts.seed ?? 1), '--clock', opts.clock ?? 'real', ...limits];
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const path = await ptyLine(child);
      const transport = await openTransport(path, baud);
      const t = new PtySimTarget(transport, { path, baud, engKeyHex: DEFAULT_ENG_KEY_HEX, operator: opts.operator ?? null }, child, dir);
      await t.probe(DEFAULT_ENG_KEY_HEX);
      return t;
    } catch (e) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  override async dispose(): Promise<void> {
    await super.dispose();
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

/** The `PTY <path>` line a simulator prints when ready. */
function ptyLine(child: ChildProcess): Promise<string> {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    err = (err + d).slice(-2000);
  });
  return new Promise<string>((res, rej) => {
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
  });
}
