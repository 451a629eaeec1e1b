/**
 * The preload: exposes exactly `window.pen` (PenApi) through contextBridge.
 * Every method is one ipcRenderer.invoke on its own channel; main validates
 * the sender and the arguments. No other Electron or Node API reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { PEN_METHODS, PUSH_CHANNEL, channelOf, type PenApi, type PenPush } from '../shared/index.js';

const api: Record<string, unknown> = {};
for (const method of PEN_METHODS) {
  api[method] = (...args: unknown[]) => ipcRenderer.invoke(channelOf(method), ...args);
}
api.subscribe = (listener: (p: PenPush) => void) => {
  const handler = (_e: IpcRendererEvent, p: PenPush) => listener(p);
  ipcRenderer.on(PUSH_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(PUSH_CHANNEL, handler);
  };
};

contextBridge.exposeInMainWorld('pen', api as unknown as PenApi);
