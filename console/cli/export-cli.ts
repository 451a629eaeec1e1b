/** Entry of `npm run export` when run as a file (see export.ts); `penbench export` is the same main. */
import { runAsProcess } from '../../protocol/node/cli-io.js';
import { exportCliMain } from './export.js';

runAsProcess('export', exportCliMain);
