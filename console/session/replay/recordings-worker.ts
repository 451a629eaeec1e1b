/**
 * The recordings worker: lists, loads (summary, overview), exports and
 * prepares replays of recordings in a worker thread, so the thread that owns
 * the serial link and the heartbeat never stalls on a large file (a stalled
 * heartbeat lets the pen's lease run out, SR-11). Jobs and replies are plain
 * data; a replay's lines come back as transferable buffers.
 */
import { parentPort } from 'node:worker_threads';
import { RecordingsService } from './recordings-service.js';
import { replaySourceFromFile } from './replay-source.js';
import type { RecordingsJob, RecordingsReply, TransferredReplay } from './recordings-jobs.js';

async function run(job: RecordingsJob): Promise<{ value: unknown; transfer: ArrayBuffer[] }> {
  const service = new RecordingsService(job.dir);
  switch (job.op) {
    case 'list':
      return { value: await service.list(), transfer: [] };
    case 'load':
      return { value: await service.load(job.name), transfer: [] };
    case 'export':
      // To a file the page downloads: the export's size never crosses to the link's thread.
      return { value: await service.exportToFile(job.name, job.format), transfer: [] };
    case 'rename':
      return { value: service.rename(job.name, job.label), transfer: [] };
    case 'delete':
      return { value: service.delete(job.name), transfer: [] };
    case 'refusal':
      return { value: service.replayRefusal(job.name), transfer: [] };
    case 'replay': {
      const src = await replaySourceFromFile(service.pathOf(job.name), job.name);
      const lines = src.lines as unknown as { bytes: Uint8Array; offsets: Float64Array };
      const value: TransferredReplay = {
        name: src.name, bytes: lines.bytes, offsets: lines.offsets, times: src.times, device: src.device, setHz: src.setHz, events: src.events, schema: src.schema,
        answers: src.answers, answersByKind: src.answersByKind, stats: src.stats,
      };
      return { value, transfer: [lines.bytes.buffer as ArrayBuffer, lines.offsets.buffer as ArrayBuffer, src.times.buffer as ArrayBuffer, src.device.buffer as ArrayBuffer, src.setHz.buffer as ArrayBuffer] };
    }
  }
}

parentPort?.on('message', (job: RecordingsJob) => {
  void run(job).then(
    ({ value, transfer }) => parentPort!.postMessage({ id: job.id, ok: true, value } satisfies RecordingsReply, transfer),
    (e: unknown) => parentPort!.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies RecordingsReply),
  );
});
