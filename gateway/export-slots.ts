import type { ServerResponse } from 'node:http';

/**
 * How many exports a gateway runs at once (`EXPORT_CONCURRENCY`), and how many may wait for a turn
 * (`EXPORT_QUEUE`), first come first served. A large export reads page after page from the subgraphs; bounding how
 * many run keeps the subgraphs' connections and the gateway's memory for everyone else's requests. Past the queue
 * an export is refused at once (503 with Retry-After) rather than left to wait without end.
 */
export class ExportSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  readonly concurrency: number;
  readonly queue: number;

  constructor(concurrency: number, queue: number) {
    this.concurrency = concurrency;
    this.queue = queue;
  }

  /**
   * A turn for the export answering `res`: at once, or once those before it are done. Resolves to the function
   * that gives the turn back; null when the queue is full. A waiting export whose client leaves gives up its place.
   */
  take(res: ServerResponse): Promise<() => void> | null {
    if (this.running < this.concurrency) return Promise.resolve(this.turn());
    if (this.waiting.length >= this.queue) return null;
    return new Promise((resolve) => {
      const wake = () => {
        res.off('close', leave);
        resolve(this.turn());
      };
      const leave = () => {
        this.waiting.splice(this.waiting.indexOf(wake), 1);
        resolve(() => {});
      };
      this.waiting.push(wake);
      res.once('close', leave);
    });
  }

  /** For /health: exports under way and waiting, and the bounds. */
  stats(): { running: number; queued: number; concurrency: number; queue: number } {
    return { running: this.running, queued: this.waiting.length, concurrency: this.concurrency, queue: this.queue };
  }

  private turn(): () => void {
    this.running++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.running--;
      this.waiting.shift()?.();
    };
  }
}
