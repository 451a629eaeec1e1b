#!/usr/bin/env node
// The `penbench` bin (npx penbench …): registers tsx's loader in this process, so the TypeScript sources run
// without a build step and a signal reaches the command itself, then runs the dispatcher.
import { register } from 'tsx/esm/api';

register();
const { runAsProcess } = await import('../../protocol/node/cli-io.ts');
const { penbenchMain } = await import('./penbench.ts');
runAsProcess('penbench', penbenchMain);
