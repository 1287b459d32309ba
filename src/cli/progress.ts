// A progress indicator for slow compiles and translations. The work is synchronous, so to
// keep the indicator moving it runs in a worker thread while this thread draws; that is
// only worth it (and only done) when standard error is a terminal someone is watching.

import { Worker } from 'node:worker_threads';

interface TtyStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Nothing is drawn for work that finishes sooner (ms). */
  delayMs?: number;
  /** How often the elapsed time is redrawn (ms). */
  intervalMs?: number;
}

/** `label... 2.4s` on one line of `stream`, redrawn until stop(); nothing unless the stream is a TTY. */
export class ProgressIndicator {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private drawn = false;
  private readonly started = performance.now();

  constructor(private readonly stream: TtyStream, private readonly label: string, private readonly options: ProgressOptions = {}) {
    if (!stream.isTTY) return;
    this.timer = setTimeout(() => this.draw(), options.delayMs ?? 1000);
  }

  private draw(): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    this.stream.write(`\r\x1b[K${this.label}... ${seconds}s`);
    this.drawn = true;
    this.timer = setTimeout(() => this.draw(), this.options.intervalMs ?? 100);
  }

  /** Stops redrawing and clears the line if anything was drawn. */
  stop(): void {
    clearTimeout(this.timer);
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** The same work for a worker thread: the module at `url` serves the job named `job` (serveWorkerJob) on `data`. */
export interface WorkerJob {
  url: URL;
  job: string;
  data: unknown;
}

/**
 * Runs `work` with a progress indicator on `stream` when it is a TTY: then the work runs as
 * `worker` in a worker thread. Otherwise `work` runs here, directly.
 */
export async function withProgress<T>(
  label: string, work: () => T, worker: WorkerJob, stream: TtyStream = process.stderr, options?: ProgressOptions,
): Promise<T> {
  if (!stream.isTTY) return work();
  const progress = new ProgressIndicator(stream, label, options);
  try {
    return await runWorker<T>(worker);
  } finally {
    progress.stop();
  }
}

function runWorker<T>({ url, job, data }: WorkerJob): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: { progressJob: { job, data } } });
    worker.once('message', (m: { ok: true; value: T } | { ok: false; message: string; name: string }) => {
      if (m.ok) resolve(m.value);
      else reject(Object.assign(new Error(m.message), { name: m.name }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker thread stopped (exit code ${code}) before finishing`)));
  });
}

/**
 * On the worker side: if this thread was started by withProgress for the job `name`, runs
 * `work` on its data and posts the result (or the error's message) back. Call it at the top
 * level of the module that WorkerJob.url names.
 */
export async function serveWorkerJob<D, T>(name: string, work: (data: D) => T): Promise<void> {
  const { isMainThread, parentPort, workerData } = await import('node:worker_threads');
  const request = (workerData as { progressJob?: { job: string; data: D } } | null)?.progressJob;
  if (isMainThread || !parentPort || request?.job !== name) return;
  try {
    parentPort.postMessage({ ok: true, value: work(request.data) });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    parentPort.postMessage({ ok: false, message: error.message, name: error.name });
  }
}
