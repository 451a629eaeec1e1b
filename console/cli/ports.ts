/**
 * `penbench ports [--json]`: the serial ports a pen may be on, with VID:PID,
 * manufacturer and USB serial number — the list the console's Connection
 * panel shows. A failure to list gets the console's advice.
 */
import { classifyLinkError } from '../../protocol/src/index.js';
import { flag, type CommandSpec, type OptionSpecs } from '../../protocol/node/cli-args.js';
import { cliLinkAdvice, parseOrAnswer, type CliIo } from '../../protocol/node/cli-io.js';
import { formatPortList, listPorts, type PortLister } from '../../protocol/node/port-list.js';
import { jsonLine, visibleLines } from '../shared/visible-text.js';

/** `penbench ports`. */
export const PORTS_SPEC = {
  name: 'penbench ports',
  summary: 'list the serial ports (path, VID:PID, manufacturer, USB serial number)',
  usage: ['[--json]'],
  options: {
    json: flag('print a JSON array of {path, vidPid, manufacturer, serialNumber} (null where the OS does not say)'),
  },
  notes: 'Open one with: penbench pen <path>. On Linux a pen needs the "dialout" group (sudo usermod -aG dialout $USER).',
} satisfies CommandSpec<OptionSpecs>;

/** List the ports; `lister` replaces the OS listing (tests). */
export async function portsMain(argv: readonly string[], io: CliIo, lister?: PortLister): Promise<number> {
  const parsed = parseOrAnswer(PORTS_SPEC, argv, io, 'ports');
  if (typeof parsed === 'number') return parsed;
  const r = await listPorts(lister ? { lister } : {});
  if (!r.ok) {
    io.stderr.write(visibleLines(`ports: ${r.error.message}\n  ${cliLinkAdvice(classifyLinkError(r.error.message))}\n`));
    return 1;
  }
  // Names and serial numbers come from USB descriptors, which a device writes: escaped like wire text.
  io.stdout.write(parsed.values.json ? `${jsonLine(r.ports)}\n` : `${visibleLines(formatPortList(r.ports))}\n`);
  return 0;
}
