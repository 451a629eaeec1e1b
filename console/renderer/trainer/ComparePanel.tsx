/**
 * Compare two depths on the same section. Both are checked by the pen: it is
 * sent A, then B (so it ends at B), and the section draws each depth the pen
 * accepted, with the layer it reaches.
 */
import { useState } from 'react';
import { mm } from '../../shared/index.js';
import { parseMm } from './DepthControls.js';
import { depthCaption } from './skin-layers.js';

/** Two depths the pen accepted for the same area, µm. */
export interface Comparison {
  a: number;
  b: number;
  area?: string | undefined;
}

/** Props of the panel. */
export interface ComparePanelProps {
  comparison: Comparison | null;
  areaName?: string | undefined;
  busy: boolean;
  disabled: boolean;
  onCompare(a: number, b: number): void;
  onInputError(message: string): void;
  onClear(): void;
}

function Side({ tag, um }: { tag: 'A' | 'B'; um: number }) {
  const c = depthCaption(um);
  return (
    <li className={`tr-cmp-${tag.toLowerCase()}`} data-testid={`compare-${tag.toLowerCase()}`}>
      <strong>
        {tag} {mm(um)}
      </strong>{' '}
      reaches {c?.layer ?? 'nothing (retracted)'}
      {c ? <span className="tr-small"> — {c.where}</span> : null}
    </li>
  );
}

/** The panel. */
export function ComparePanel(p: ComparePanelProps) {
  const [a, setA] = useState('0.50');
  const [b, setB] = useState('2.00');
  const go = () => {
    const ua = parseMm(a);
    const ub = parseMm(b);
    if (ua === null || ub === null) return p.onInputError(`Type both depths in millimetres, for example 0.50 and 2.00.`);
    p.onCompare(ua, ub);
  };
  return (
    <div className="tr-compare">
      <div className="tr-row">
        <label className="tr-cmp-field">
          A <input type="text" inputMode="decimal" value={a} onChange={(e) => setA(e.target.value)} aria-label="Depth A in millimetres" onKeyDown={(e) => e.key === 'Enter' && go()} />
        </label>
        <label className="tr-cmp-field">
          B <input type="text" inputMode="decimal" value={b} onChange={(e) => setB(e.target.value)} aria-label="Depth B in millimetres" onKeyDown={(e) => e.key === 'Enter' && go()} />
        </label>
        <button type="button" className="btn btn-primary" disabled={p.disabled || p.busy} onClick={go}>
          Compare
        </button>
        {p.comparison && (
          <button type="button" className="btn" onClick={p.onClear}>
            Clear
          </button>
        )}
      </div>
      <p className="tr-small">The pen checks both: it is set to A, then to B{p.areaName ? ` (${p.areaName})` : ''}, and stays at B.</p>
      {p.comparison && (
        <ul className="tr-cmp-list" aria-live="polite">
          <Side tag="A" um={p.comparison.a} />
          <Side tag="B" um={p.comparison.b} />
        </ul>
      )}
    </div>
  );
}
