/**
 * Scenario files are strict: each class of typo fails loading with
 * file:line:col (the issue's `expct: ACK`, `depht=3` and `fault: NOT_A_FAULT`
 * among them), and the published JSON Schema — checked here by a real
 * validator, ajv — is up to date, accepts every shipped scenario and rejects
 * the same typos an editor would underline.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hilMain } from './cli-main.js';
import { parseScenario, readScenarios, SCENARIO_DIR, ScenarioError } from './scenario/load.js';
import { scenarioJsonSchemaText } from './scenario/schema.js';
import { SCHEMA_FILE } from './scenario/write-schema.js';

const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const dir = mkdtempSync(join(tmpdir(), 'penbench-scenarios-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = 'id: SC.X\ntitle: "t"\nsteps:\n  - connect: true\n';

/** The problems a text gives, as `file:line:col: message` lines (none: it loaded). */
function problems(text: string): string {
  try {
    parseScenario(text, 'bad.yaml');
    return '';
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
}

/** Whether the JSON Schema accepts the text's YAML. */
function schemaAccepts(text: string): boolean {
  return validate(parse(text)) === true;
}

describe('scenario files: one test per class of error, each with file:line:col', () => {
  it('a misspelt step key (the issue\'s `expct: ACK`) names the key and its line', () => {
    const text = `${HEAD}  - send: PING\n    expct: ACK\n`;
    expect(problems(text)).toBe('bad.yaml:6:5: step 2 (send): unknown key "expct"; a send step takes expect, timeout');
    expect(schemaAccepts(text)).toBe(false);
  });

  it('a key the command does not have (the issue\'s `depht=3`) is refused against the catalogue', () => {
    const text = `${HEAD}  - send: SET_DEPTH depht=3\n`;
    expect(problems(text)).toBe('bad.yaml:5:11: step 2 send: SET_DEPTH has no key "depht"; its keys: um');
    expect(schemaAccepts(text)).toBe(false);
  });

  it('an enum value not in the catalogue (the issue\'s `fault: NOT_A_FAULT`, a NAK code, a hand, a verdict, a need)', () => {
    expect(problems(`${HEAD}  - fault: NOT_A_FAULT\n`)).toMatch(/^bad\.yaml:5:12: step 2 fault: "NOT_A_FAULT" is not F \[v=N\] with F one of DEPTH_DRIFT, /);
    expect(problems(`${HEAD}  - send: PING\n    expect: NAK code=NOT_A_CODE\n`)).toMatch(/^bad\.yaml:6:13: step 2 expect: NAK code: "NOT_A_CODE" is not one of VERSION, /);
    expect(problems(`${HEAD}  - hand: SIDEWAYS\n`)).toBe('bad.yaml:5:11: step 2 hand: must be one of AUTO, ON, OFF, got "SIDEWAYS"');
    expect(problems(`${HEAD}  - insert: N12-OK-01\n    verdict: GREAT\n`)).toMatch(/^bad\.yaml:6:14: step 2 verdict: must be one of OK, AUTH, /);
    expect(problems(`id: X\ntitle: t\nneeds: [laser]\nsteps: [connect: true]\n`)).toMatch(/^bad\.yaml:3:9: needs: "laser" is not one of sim, eng-key, /);
    for (const t of [`${HEAD}  - fault: NOT_A_FAULT\n`, `${HEAD}  - send: PING\n    expect: NAK code=NOT_A_CODE\n`, `${HEAD}  - hand: SIDEWAYS\n`, 'id: X\ntitle: t\nneeds: [laser]\nsteps: [connect: true]\n']) {
      expect(schemaAccepts(t), t).toBe(false);
    }
  });

  it('an unknown kind, and a kind sent the wrong way (a pen frame as a command, a command as an expected frame)', () => {
    expect(problems(`${HEAD}  - send: FLY um=3\n`)).toBe('bad.yaml:5:11: step 2 send: unknown kind "FLY" in command "FLY um=3"');
    expect(problems(`${HEAD}  - send: ACK re=1\n`)).toBe('bad.yaml:5:11: step 2 send: ACK is a pen frame, not a command the host sends');
    expect(problems(`${HEAD}  - expect: SET_DEPTH um=500\n`)).toBe('bad.yaml:5:13: step 2 expect: SET_DEPTH is a host command, not a frame the pen sends');
    for (const t of [`${HEAD}  - send: FLY um=3\n`, `${HEAD}  - send: ACK re=1\n`, `${HEAD}  - expect: SET_DEPTH um=500\n`]) expect(schemaAccepts(t), t).toBe(false);
  });

  it('an unknown top-level key, and a missing one', () => {
    expect(problems('id: X\ntitle: t\nstpes:\n  - connect: true\n')).toBe('bad.yaml:3:1: unknown key "stpes"; a scenario has id, title, needs, tags, timeout, steps\nbad.yaml:1:1: missing "steps" (the steps, in order)');
    expect(schemaAccepts('id: X\ntitle: t\nstpes:\n  - connect: true\n')).toBe(false);
    expect(problems('id: X\nsteps: [connect: true]\n')).toBe('bad.yaml:1:1: missing "title" (one line; starts with the SR id when it proves a safety rule)');
  });

  it('a wrong type: a timeout in words, needs not a list, connect not true, an empty step list', () => {
    expect(problems(`${HEAD}  - wait: 300ms\n`)).toBe('bad.yaml:5:11: step 2 wait: must be an integer ≥ 0, got "300ms"');
    expect(problems(`id: X\ntitle: t\ntimeout: fast\nsteps: [connect: true]\n`)).toBe('bad.yaml:3:10: timeout: must be an integer ≥ 0, got "fast"');
    expect(problems(`id: X\ntitle: t\nneeds: sim\nsteps: [connect: true]\n`)).toBe('bad.yaml:3:8: needs: must be a list such as [sim], got "sim"');
    expect(problems(`id: X\ntitle: t\nsteps:\n  - connect: yes\n`)).toBe('bad.yaml:4:14: step 1 connect: must be true, got "yes"');
    expect(problems(`id: X\ntitle: t\nsteps: []\n`)).toBe('bad.yaml:3:8: steps: must be a non-empty list, got a list');
    for (const t of [`${HEAD}  - wait: 300ms\n`, `id: X\ntitle: t\ntimeout: fast\nsteps: [connect: true]\n`, `id: X\ntitle: t\nneeds: sim\nsteps: [connect: true]\n`, `id: X\ntitle: t\nsteps: []\n`]) {
      expect(schemaAccepts(t), t).toBe(false);
    }
  });

  it('a step with no action or two actions', () => {
    expect(problems(`${HEAD}  - timeout: 300\n`)).toMatch(/^bad\.yaml:5:5: step 2: no action among timeout; steps: connect, eng, /);
    expect(problems(`${HEAD}  - wait: 300\n    fault: STALL\n`)).toBe('bad.yaml:5:5: step 2: one action per step, found wait and fault');
    expect(schemaAccepts(`${HEAD}  - timeout: 300\n`)).toBe(false);
    expect(schemaAccepts(`${HEAD}  - wait: 300\n    fault: STALL\n`)).toBe(false);
  });

  it('a predicate that is not one, or compares a text as a number', () => {
    expect(problems(`${HEAD}  - expect: TLM m~5\n`)).toBe('bad.yaml:5:13: step 2 expect: "m~5" is not a predicate (key=value, key!=value, key<n, key<=n, key>n, key>=n)');
    expect(problems(`${HEAD}  - expect: NAK code<3\n`)).toBe('bad.yaml:5:13: step 2 expect: NAK code is not a number: only = and != compare it');
    expect(schemaAccepts(`${HEAD}  - expect: TLM m~5\n`)).toBe(false);
    expect(schemaAccepts(`${HEAD}  - expect: NAK code<3\n`)).toBe(false);
  });

  it('an unknown variable, and arithmetic on a name', () => {
    expect(problems(`${HEAD}  - send: SET_DEPTH um={dmaxx}\n`)).toMatch(/^bad\.yaml:5:11: step 2 send: unknown variable \{dmaxx\}; variables: \{dmin\}, /);
    expect(problems(`${HEAD}  - send: SET_AREA area={deepest+1}\n`)).toBe('bad.yaml:5:11: step 2 send: {deepest+1}: deepest is a name, not a number');
    expect(problems(`${HEAD}  - send: SET_DEPTH um={dmax+50}\n    expect: NAK code=DEPTH_RANGE max={dmax}\n`)).toBe('');
  });

  it('what only the loader can see: a value outside the catalogue range, a required key missing, a key twice, a YAML error, a duplicate id', () => {
    expect(problems(`${HEAD}  - send: SET_DEPTH um=10000\n`)).toBe('bad.yaml:5:11: step 2 send: SET_DEPTH um: 10000 is outside 0..9999');
    expect(problems(`${HEAD}  - send: SET_DEPTH\n`)).toBe('bad.yaml:5:11: step 2 send: SET_DEPTH needs um=');
    expect(problems(`${HEAD}  - send: SET_RATE hz=100 hz=120\n`)).toBe('bad.yaml:5:11: step 2 send: key "hz" given twice');
    expect(problems(`${HEAD}  - send: PING\n   expect: ACK\n`)).toMatch(/^bad\.yaml:6:\d+: YAML: /);
    expect(problems('id: X\nid: Y\ntitle: t\nsteps: [connect: true]\n')).toMatch(/^bad\.yaml:2:1: YAML: Map keys must be unique/);
    const lab = mkdtempSync(join(dir, 'dup-'));
    writeFileSync(join(lab, 'a.yaml'), 'id: SC.LAB\ntitle: a\nsteps: [connect: true]\n');
    writeFileSync(join(lab, 'b.yaml'), 'id: SC.LAB\ntitle: b\nsteps: [connect: true]\n');
    expect(() => readScenarios(lab)).toThrow('b.yaml:1:1: id SC.LAB is already used by a.yaml');
  });
});

describe('the published JSON Schema (test/hil/scenario.schema.json)', () => {
  it('is what the grammar and catalogue generate (regenerate: npx tsx test/hil/scenario/write-schema.ts)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('validates every shipped scenario, each of which also loads; every SR-01…SR-17 has one', () => {
    const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(17);
    for (const f of files) {
      const text = readFileSync(join(SCENARIO_DIR, f), 'utf8');
      expect(validate(parse(text)) ? '' : JSON.stringify(validate.errors), f).toBe('');
      expect(text.startsWith('# yaml-language-server: $schema=../scenario.schema.json'), f).toBe(true);
    }
    const ids = readScenarios().map((s) => s.id);
    for (let n = 1; n <= 17; n++) expect(ids).toContain(`SC.SR-${String(n).padStart(2, '0')}`);
  });
});

describe('npm run hil -- --scenarios DIR (a lab\'s own files)', () => {
  it('runs a lab\'s scenario with the suite\'s, and refuses a folder with a typo naming file:line (exit 2)', async () => {
    const lab = mkdtempSync(join(dir, 'lab-'));
    writeFileSync(join(lab, 'lab-rate.yaml'), 'id: LAB.rate\ntitle: "Lab: the pen refuses a rate above rmax"\nsteps:\n  - connect: true\n  - send: SET_RATE hz={rmax+1}\n    expect: NAK code=RATE_RANGE max={rmax}\n');
    let out = '';
    const io = { out: (t: string) => { out += t; }, err: (t: string) => { out += t; } };
    expect(await hilMain(['--target', 'sim', '--scenarios', lab, '--filter', 'LAB.'], io)).toBe(0);
    expect(out).toMatch(/\[ 1\/1\] PASS LAB\.rate/);
    writeFileSync(join(lab, 'lab-typo.yaml'), 'id: LAB.typo\ntitle: t\nsteps:\n  - send: PING\n    expct: ACK\n');
    out = '';
    expect(await hilMain(['--target', 'sim', '--scenarios', lab], io)).toBe(2);
    expect(out).toContain('lab-typo.yaml:5:5: step 1 (send): unknown key "expct"');
    out = '';
    expect(await hilMain(['--target', 'sim', '--scenarios', join(lab, 'nowhere')], io)).toBe(2);
    expect(out).toContain('--scenarios: ');
  });
});
