/**
 * A person at the bench, for tests of --operator: does what the harness asks
 * on an in-process simulated pen (fits cartridges from its own box, pulls
 * them out, unseats them, switches the pen off and on), as a QA engineer does
 * on a real pen. The harness must still see the pen report each change.
 */
import type { SimPen } from '../../../firmware-sim/src/pen/sim-pen.js';
import { CartridgeSupply } from '../harness/cartridges.js';
import type { Operator, OperatorRequest } from '../harness/operator.js';

/** A robot operator with its own box of fresh sample cartridges; `asked` records every request. */
export function benchRobot(pen: SimPen, fitted?: string): Operator & { asked: OperatorRequest[] } {
  const box = new CartridgeSupply();
  if (fitted) box.markUsed(fitted);
  const asked: OperatorRequest[] = [];
  return {
    timeoutMs: 5000,
    asked,
    ask(req) {
      asked.push(req);
      switch (req.action) {
        case 'insert-fresh': {
          const id = box.next(req.cart ?? {});
          if (!id) throw new Error(`the robot's box has no cartridge for: ${req.text}`);
          box.markUsed(id);
          pen.insertCart(id);
          break;
        }
        case 'insert-sample':
          pen.insertCart(req.sample!);
          break;
        case 'reinsert':
          pen.insertCart(req.id!);
          break;
        case 'remove':
        case 'remove-running':
          pen.removeCart();
          break;
        case 'unseat-running':
          pen.setSeated(false);
          break;
        case 'reseat':
          pen.setSeated(true);
          break;
        case 'power-cycle':
          pen.powerCycle();
          break;
        case 'charger-on':
        case 'charger-off':
          pen.setCharger(req.action === 'charger-on');
          break;
      }
    },
  };
}
