import { describe, expect, it } from 'vitest';
import { CART_STATUS, FAULT_CODES, NAK_CODES } from '../../protocol/src/index.js';
import { CART_STATUS_TEXT, classifyLinkError, explainFault, explainNak, FAULT_TEXT, LINK_ADVICE } from '../../console/shared/index.js';

describe('the console explains every code of the pen in words', () => {
  it('has a distinct sentence for every NAK code of the catalogue', () => {
    const texts = NAK_CODES.map((c) => explainNak(c, { value: '1.00 mm', max: 750, area: 'Forehead' }));
    for (const [i, t] of texts.entries()) {
      expect(t.length, NAK_CODES[i]).toBeGreaterThan(20);
      expect(t, NAK_CODES[i]).not.toMatch(/undefined|\(\w+_\w+\)$/);
    }
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('states the refused value and the limit for depth refusals (SR-02, SR-03)', () => {
    expect(explainNak('DEPTH_AREA_LIMIT', { value: '1.00 mm', max: 750, area: 'Forehead' })).toBe(
      'Refused: 1.00 mm is deeper than the hard cap for Forehead (0.75 mm). Choose 0.75 mm or less, or select another area.',
    );
    expect(explainNak('DEPTH_CART_LIMIT', { value: '1.50 mm', max: 1000 })).toContain('rated for (1.00 mm)');
  });

  it('says what happened and what to do for every fault code (SR-14)', () => {
    for (const c of FAULT_CODES) {
      expect(FAULT_TEXT[c].what.length, c).toBeGreaterThan(10);
      expect(FAULT_TEXT[c].todo, c).toMatch(/clear|Power-cycle/i);
    }
    expect(explainFault('SOMETHING_NEW')).toBe(FAULT_TEXT.UNKNOWN);
  });

  it('describes every cartridge status', () => {
    for (const s of CART_STATUS) expect(CART_STATUS_TEXT[s], s).toBeTruthy();
  });

  it('classifies OS errors into advice', () => {
    expect(classifyLinkError('/dev/ttyACM0: Error: Permission denied, cannot open /dev/ttyACM0')).toBe('ACCESS');
    expect(classifyLinkError('Error: No such file or directory, cannot open /dev/ttyUSB9')).toBe('NOT_FOUND');
    expect(classifyLinkError('Error Resource temporarily unavailable Cannot lock port')).toBe('BUSY');
    expect(LINK_ADVICE.ACCESS).toMatch(/dialout/);
  });
});
