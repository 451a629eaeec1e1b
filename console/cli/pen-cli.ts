/** Entry of `penbench pen` as its own process (see main.ts). */
import { runAsProcess } from '../../protocol/node/cli-io.js';
import { penCliMain } from './main.js';

runAsProcess('pen', penCliMain);
