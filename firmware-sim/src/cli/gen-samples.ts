/**
 * Regenerates firmware-sim/src/cartridge/samples.json, the sample cartridge
 * catalogue for trainers and QA, with MACs under the simulator's factory key.
 * Run: npx tsx firmware-sim/src/cli/gen-samples.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CART_TYPE_SPEC, FACTORY_KEY_HEX, cartMac, type CartRecord } from '../cartridge/record.js';
import type { CartType } from '../../../protocol/src/index.js';

interface Sample extends CartRecord {
  expect: string;
  note: string;
}

const GOOD_EXP = 20301231;
const samples: Sample[] = [];

function add(id: string, type: CartType, expect: string, note: string, over: Partial<CartRecord> = {}, tamper?: (r: CartRecord) => void): void {
  const spec = CART_TYPE_SPEC[type];
  const base = { id, lot: over.lot ?? `L${type}-2611`, type, needles: spec.needles, max: spec.max, exp: over.exp ?? GOOD_EXP };
  const rec: CartRecord = { ...base, sealed: over.sealed ?? true, mac: cartMac(FACTORY_KEY_HEX, base) };
  tamper?.(rec);
  samples.push({ ...rec, expect, note });
}

for (const type of Object.keys(CART_TYPE_SPEC) as CartType[]) {
  for (let i = 1; i <= 8; i++) add(`${type}-OK-${String(i).padStart(2, '0')}`, type, 'OK', `valid ${type} cartridge`);
}
add('N16-EXPIRED', 'N16', 'EXPIRED', 'expired 2024-06-30', { exp: 20240630 });
add('N24-RECALLED', 'N24', 'RECALLED', 'lot L2405-R is on the recall list', { lot: 'L2405-R' });
add('N12-FORGED', 'N12', 'AUTH', 'MAC does not match the record', {}, (r) => {
  r.mac = '0123456789ABCDEF';
});
add('N42-TAMPERED', 'N42', 'AUTH', 'a 42-pin record altered to claim 2.5 mm; the MAC no longer matches', {}, (r) => {
  r.max = 2500;
});
add('N12-REUSED', 'N12', 'REUSED', 'recorded as fired in the default NVM image');
add('N16-UNSEALED', 'N16', 'UNSEALED', 'sterile barrier broken', { sealed: false });

const out = new URL('../cartridge/samples.json', import.meta.url);
writeFileSync(out, JSON.stringify({ factoryKey: 'FACTORY_KEY_HEX (record.ts)', samples }, null, 2) + '\n');
console.log(`wrote ${samples.length} samples to ${fileURLToPath(out)}`);
