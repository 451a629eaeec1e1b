/** NAK reasons not already proven by a safety-rule case, each reached at the wire. */
import type { HilCase } from '../harness/runner.js';

export const nakCases: HilCase[] = [
  {
    id: 'NAK.BUSY',
    title: 'START while the cartridge is still being verified is refused BUSY',
    needs: ['sim'],
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_AREA', { area: 'BODY' });
      await ctx.sim('SIM_CART', { op: 'INSERT', id: 'N12-OK-01' });
      await ctx.link.nak('START', {}, 'BUSY');
    },
  },
  {
    id: 'NAK.BAD_STATE',
    title: 'Out-of-state commands are refused BAD_STATE (START while running, ENG_PROFILE while running)',
    needs: ['sim'],
    async run(ctx) {
      await ctx.connect();
      await ctx.run();
      await ctx.link.nak('START', {}, 'BAD_STATE');
      await ctx.link.nak('ENG_PROFILE', { name: 'TRAINING' }, 'BAD_STATE');
      await ctx.link.ok('STOP', {});
    },
  },
  {
    id: 'NAK.AREA_UNKNOWN',
    title: 'SET_AREA with an area not in the profile is refused AREA_UNKNOWN',
    async run(ctx) {
      await ctx.connect();
      await ctx.link.nak('SET_AREA', { area: 'ELBOW' }, 'AREA_UNKNOWN');
    },
  },
  {
    id: 'NAK.PROFILE_UNKNOWN',
    title: 'ENG_PROFILE with a profile the pen does not store is refused PROFILE_UNKNOWN',
    needs: ['eng-key'],
    async run(ctx) {
      await ctx.connect();
      await ctx.engOpen();
      await ctx.link.nak('ENG_PROFILE', { name: 'NO_SUCH' }, 'PROFILE_UNKNOWN');
    },
  },
];
