/**
 * The preload: exposes exactly `window.pen` (PenApi) through contextBridge.
 * Every method is one ipcRenderer.invoke on its own channel; main validates
 * the sender and the arguments. No other Electron or Node API reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { PEN_METHODS, PUSH_CHANNEL, channelOf, unpackWirePush, type PenApi, type PenPush, type WirePush } from '../shared/index.js';

const api: Record<string, unknown> = {};
for (const method of PEN_METHODS) {
  api[method] = (...args: unknown[]) => ipcRenderer.invoke(channelOf(method), ...args);
}
api.subscribe = (listener: (p: PenPush) => void) => {
  // Main sends telemetry in batches (console/shared/push-wire.ts): the listener gets one push per sample.
  const handler = (_e: IpcRendererEvent, p: WirePush) => unpackWirePush(p, listener);
  ipcRenderer.on(PUSH_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(PUSH_CHANNEL, handler);
  };
};

contextBridge.exposeInMainWorld('pen', api as unknown as PenApi);
