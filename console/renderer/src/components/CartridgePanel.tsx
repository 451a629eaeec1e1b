/** The inserted cartridge: id, type, rated depth, lot, expiry, and whether the pen accepted it and why. */
import { CART_STATUS_TEXT } from '../../../shared/index.js';
import { date8, duration, mm } from '../format.js';
import { useCommand, usePenApi, usePenView } from '../use-pen.js';

export function CartridgePanel() {
  const { state } = usePenView();
  const api = usePenApi();
  const { run, busy, refusal } = useCommand();
  const cart = state?.cart;
  const ready = state?.link === 'ready';
  return (
    <section className="panel" aria-labelledby="cart-title">
      <h2 id="cart-title">Cartridge</h2>
      {!cart ? (
        <p className="hint">{ready ? 'No cartridge information yet.' : 'Connect to see the cartridge.'}</p>
      ) : (
        <>
          <p className={`cart-status ${cart.status === 'OK' ? 'ok' : 'bad'}`} data-testid="cart-status">
            <strong>{cart.status}</strong> — {CART_STATUS_TEXT[cart.status] ?? cart.status}
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
              <dd>{duration(cart.used)}</dd>
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
