/**
 * The recordings worker: lists, loads (summary, overview), exports and
 * prepares replays of recordings in a worker thread, so the thread that owns
 * the serial link and the heartbeat never stalls on a large file (a stalled
 * heartbeat lets the pen's lease run out, SR-11). Jobs and replies are plain
 * data; a replay's index comes back in transferable buffers.
 */
import { parentPort } from 'node:worker_threads';
import { RecordingsService } from './recordings-service.js';
import { replayIndexOfFile } from './replay-source.js';
import { transferablesOf } from './replay-index.js';
import type { RecordingsJob, RecordingsReply } from './recordings-jobs.js';

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
      // The index only: the replay reads its lines from the file as it plays (replay-blocks.ts).
      const index = await replayIndexOfFile(service.pathOf(job.name), job.name);
      return { value: index, transfer: transferablesOf(index) };
    }
  }
}

parentPort?.on('message', (job: RecordingsJob) => {
  void run(job).then(
    ({ value, transfer }) => parentPort!.postMessage({ id: job.id, ok: true, value } satisfies RecordingsReply, transfer),
    (e: unknown) => parentPort!.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies RecordingsReply),
  );
});
