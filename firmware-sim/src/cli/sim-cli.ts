/** Entry of the simulator as its own process (`penbench sim`, `npm run sim`; see sim-main.ts). */
import { runAsProcess } from '../../../protocol/node/cli-io.js';
import { simMain } from './sim-main.js';

runAsProcess('sim', simMain);
