/**
 * The inserted cartridge: id, type, rated depth, lot, expiry, whether the pen accepted it and why, and its use
 * as it grows — needle-on time (the pen's count at the last read plus running time since) and strokes from
 * telemetry — so a fired cartridge is never described as unused (SR-08, SR-09).
 */
import { CART_IN_USE_TEXT, CART_STATUS_TEXT } from '../../../shared/index.js';
import { date8, duration, mm } from '../format.js';
import { useCommand, usePenApi, usePenState } from '../use-pen.js';

const needleOn = (ms: number): string => duration(Math.floor(ms / 1000));

export function CartridgePanel() {
  const state = usePenState();
  const api = usePenApi();
  const { run, busy, refusal } = useCommand();
  const cart = state?.cart;
  const use = cart?.id && state?.cartUse?.id === cart.id ? state.cartUse : null;
  const fired = !!use && (use.strokes > 0 || use.needleOnMs > 0);
  const ready = state?.link === 'ready';
  const statusText = cart?.status === 'OK' && fired ? CART_IN_USE_TEXT : (cart ? CART_STATUS_TEXT[cart.status] ?? cart.status : '');
  return (
    <section className="panel" aria-labelledby="cart-title">
      <h2 id="cart-title">Cartridge</h2>
      {!cart ? (
        <p className="hint">{ready ? 'No cartridge information yet.' : 'Connect to see the cartridge.'}</p>
      ) : (
        <>
          <p className={`cart-status ${cart.status === 'OK' ? 'ok' : 'bad'}`} data-testid="cart-status">
            <strong>{cart.status === 'OK' && fired ? 'IN USE' : cart.status}</strong> — {statusText}
          </p>
          {cart.id && (
            <dl className="kv">
              <dt>Id</dt>
              <dd>{cart.id}</dd>
              <dt>Type</dt>
              <dd>{cart.type === 'NANO' ? 'nano (needle-free)' : `${cart.needles ?? '?'} pins (${cart.type ?? '?'})`}</dd>
              <dt>Rated max</dt>
              <dd>{cart.max !== undefined ? mm(cart.max) : '—'}</dd>
              <dt>Lot</dt>
              <dd>{cart.lot ?? '—'}</dd>
              <dt>Expiry</dt>
              <dd>{date8(cart.exp)}</dd>
              <dt>Sealed / seated</dt>
              <dd>
                {cart.sealed === undefined ? '—' : cart.sealed ? 'sealed' : 'unsealed'} /{' '}
                {cart.seated === undefined ? '—' : cart.seated ? 'seated' : 'not seated'}
              </dd>
              <dt>Needle-on time</dt>
              <dd data-testid="cart-needle-on">{use ? needleOn(use.needleOnMs) : cart.used !== undefined ? needleOn(cart.used * 1000) : '—'}</dd>
              <dt>Strokes</dt>
              <dd data-testid="cart-strokes">{use ? use.strokes.toLocaleString('en') : '—'}</dd>
            </dl>
          )}
        </>
      )}
      <button type="button" className="btn" disabled={!ready || busy} onClick={() => void run(() => api.refreshCart())}>
        Read cartridge
      </button>
      {refusal && <p className="refusal">{refusal}</p>}
    </section>
  );
}
