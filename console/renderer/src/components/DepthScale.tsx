/** A 0–2.5 mm scale: skin layers, the area's recommended band and cap, the cartridge's max, setpoint and measured depth. */
import { mm } from '../format.js';

const FULL = 2500;
const LAYERS = [
  { to: 100, name: 'epidermis', cls: 'l-epi' },
  { to: 500, name: 'papillary dermis', cls: 'l-pap' },
  { to: 2500, name: 'reticular dermis', cls: 'l-ret' },
];

const pct = (um: number) => `${Math.min(100, Math.max(0, (um / FULL) * 100))}%`;

export function DepthScale(props: { lo?: number; hi?: number; cap?: number; cartMax?: number; set?: number; measured?: number }) {
  const { lo, hi, cap, cartMax, set, measured } = props;
  let from = 0;
  return (
    <div className="depth-scale">
      <div className="layers" aria-hidden="true">
        {LAYERS.map((l) => {
          const left = from;
          from = l.to;
          return (
            <div key={l.name} className={`layer ${l.cls}`} style={{ left: pct(left), width: pct(l.to - left) }} title={l.name}>
              {/* Too narrow to label at this scale; the legend below names it. */}
              {l.to - left >= 1000 && <span>{l.name}</span>}
            </div>
          );
        })}
        {lo !== undefined && hi !== undefined && (
          <div className="band" style={{ left: pct(lo), width: `max(6px, ${pct(hi - lo)})` }} title="recommended" />
        )}
        {cap !== undefined && <div className="mark cap" style={{ left: pct(cap) }} title={`hard cap ${mm(cap)}`} />}
        {cartMax !== undefined && <div className="mark cart" style={{ left: pct(cartMax) }} title={`cartridge max ${mm(cartMax)}`} />}
        {set !== undefined && set > 0 && <div className="needle set" style={{ left: pct(set) }} />}
        {measured !== undefined && measured > 0 && <div className="needle measured" style={{ left: pct(measured) }} />}
      </div>
      <div className="ticks" aria-hidden="true">
        {[0, 500, 1000, 1500, 2000, 2500].map((t) => (
          <span key={t} style={{ left: pct(t) }}>
            {(t / 1000).toFixed(1)}
          </span>
        ))}
      </div>
      <p className="layer-legend">
        Skin (face, approx.): epidermis 0–0.1 mm · papillary dermis to 0.5 mm · reticular dermis beyond. Green band: recommended; red line:
        hard cap{cartMax !== undefined ? '; purple line: cartridge max' : ''}.
      </p>
    </div>
  );
}
