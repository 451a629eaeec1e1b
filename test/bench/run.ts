/** Entry of `penbench bench` as its own process (see bench-main.ts). */
import { runAsProcess } from '../../protocol/node/cli-io.js';
import { benchMain } from './bench-main.js';

runAsProcess('bench', benchMain);
