// Evaluations take turns: one at a time, each in its own turn of the event loop. Evaluation is
// synchronous; reviews arriving together would otherwise be evaluated back to back in one turn,
// and /healthz, other requests' I/O and the deadline timers would wait for all of them. Between
// two evaluations the loop runs timers and I/O, so the wait anything else sees is at most one
// evaluation, which the review limits bound (bounds.ts).

export interface Turns {
  /** Runs `job` when its turn comes (after the loop has handled timers and I/O). */
  run<T>(job: () => T): Promise<T>;
  /** Evaluations waiting for their turn. */
  waiting(): number;
}

export function createTurns(): Turns {
  const queue: Array<() => void> = [];
  let busy = false;
  const next = () => {
    const wake = queue.shift();
    busy = wake !== undefined;
    // setImmediate: the wake-up runs after this turn's I/O, and the next turn's timers run first.
    if (wake) setImmediate(wake);
  };
  return {
    async run(job) {
      await new Promise<void>((resolve) => {
        queue.push(resolve);
        if (!busy) next();
      });
      try {
        return job();
      } finally {
        next();
      }
    },
    waiting: () => queue.length,
  };
}
