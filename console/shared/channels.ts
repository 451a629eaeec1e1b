/** IPC channel names shared by Electron main and the preload; one invoke channel per PenApi method. */
import type { PenMethod } from './pen-api.js';
import { PEN_METHODS } from './validators.js';

/** Prefix of every penbench IPC channel. */
export const CHANNEL_PREFIX = 'pen:';
/** The channel main pushes PenPush messages on. */
export const PUSH_CHANNEL = 'pen:push';

/** The invoke channel of a method, e.g. `pen:setDepth`. */
export function channelOf(method: PenMethod): string {
  return CHANNEL_PREFIX + method;
}

/** Every invoke channel, in PenApi order. */
export const INVOKE_CHANNELS: readonly string[] = PEN_METHODS.map(channelOf);

/** The scheme and host Electron serves the renderer from; IPC senders must have this origin. */
export const APP_ORIGIN = 'app://console';

/** WebSocket bridge wire messages (browser mode). */
export type WsRequest = { id: number; method: PenMethod; args: unknown[] };
export type WsReply = { id: number; result: unknown } | { id: number; error: string };
