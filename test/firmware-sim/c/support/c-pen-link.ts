/**
 * A C pen on a board (firmware-sim/c/tools/c-pen.ts) reached the way a host
 * reaches any pen: its pty opened with serialport, lines through the HIL
 * harness's link (numbered commands, answers by re=, waits, a heartbeat).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTO_VERSION, SCHEMA_HASH, type Fields } from '../../../../protocol/src/index.js';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../../../protocol/node/eng-auth.js';
import { SerialTransport } from '../../../../protocol/node/serial-transport.js';
import { startCPen, type CPen, type CPenOptions } from '../../../../firmware-sim/c/tools/c-pen.js';
import { HilLink } from '../../../hil/harness/link.js';
import { RealtimeWire } from '../../../hil/harness/wires.js';

/** A running C pen and a link to it. */
export interface PenOnLink {
  pen: CPen;
  link: HilLink;
  /** Registry file of this pen (in a temporary folder removed by dispose unless kept). */
  nvm: string;
  /** Everything the pen's process logged (ASan reports included). */
  log: string[];
  /** Close the link and stop the pen (the NVM folder stays until dispose). */
  stop(): Promise<void>;
  /** stop() and remove the temporary folder. */
  dispose(): Promise<void>;
}

/** Start a pen (the host board under ASan+UBSan unless told otherwise) with a fresh registry, and link to it. */
export async function penOnLink(o: Partial<CPenOptions> & { dir?: string } = {}): Promise<PenOnLink> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'penbench-cpen-'));
  const nvm = o.nvm ?? join(dir, 'registry.nvm');
  const log: string[] = [];
  const pen = await startCPen({ board: 'host', sanitized: true, ...o, nvm, onLog: (l) => log.push(l) });
  const transport = new SerialTransport({ path: pen.ptyPath });
  const opened = await transport.open();
  if (!opened.ok) {
    await pen.close();
    throw new Error(`cannot open ${pen.ptyPath}: ${opened.error.message}`);
  }
  const link = new HilLink(new RealtimeWire(transport), 1500);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    link.detach();
    await transport.close();
    await pen.close();
  };
  return {
    pen, link, nvm, log, stop,
    async dispose() {
      await stop();
      if (!o.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** HELLO with this build's proto and schema; returns the INFO. */
export async function hello(link: HilLink): Promise<Fields<'INFO'>> {
  const m = await link.ok('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
  return m.fields as Fields<'INFO'>;
}

/** Open an engineering session with the development key (SR-17). */
export async function engOpen(link: HilLink, serial: string): Promise<void> {
  const chal = await link.ok('ENG_OPEN', {});
  await link.ok('ENG_AUTH', { mac: engMac(DEFAULT_ENG_KEY_HEX, String(chal.fields.nonce), serial) });
}

/** The pen's STATUS now. */
export async function status(link: HilLink): Promise<Fields<'STATUS'>> {
  return (await link.ok('GET_STATUS', {})).fields as Fields<'STATUS'>;
}
