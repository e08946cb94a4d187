// What the webhook holds at once, counted apart so one kind of load cannot take another's room:
// reviews being received (a slow sender only holds its connection, bounded by maxConnections and
// the deadline), evaluation slots (taken once a body is complete, so partial uploads never starve
// honest reviews) and the bytes of bodies held (beyond a small allowance per body, so ordinary
// reviews never wait on a few large ones).

export interface CapacityLimits {
  /** Reviews evaluated or waiting for their turn, bodies complete. */
  maxEvaluations: number;
  /** Bytes of request bodies held at once, not counting the first `freeBytesPerBody` of each. */
  maxBodyBytesHeld: number;
  freeBytesPerBody: number;
}

/** One review's share, released once when it is answered (or its connection is gone). */
export interface Ticket {
  /** The body has grown to `size` bytes: false when holding it would pass the byte budget. */
  bodyGrew(size: number): boolean;
  /** Takes an evaluation slot: false when all are taken. */
  startEvaluation(): boolean;
  release(): void;
}

export class Capacity {
  private reviews = 0;
  private evaluations = 0;
  private bytes = 0;
  private readonly idle: Array<() => void> = [];

  constructor(private readonly limits: CapacityLimits) {}

  /** Reviews being received or evaluated (what a shutdown drains). */
  open(): number {
    return this.reviews;
  }

  evaluating(): number {
    return this.evaluations;
  }

  bodyBytesHeld(): number {
    return this.bytes;
  }

  /** Resolves once no review is open. */
  drained(): Promise<void> {
    return this.reviews === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  enter(): Ticket {
    this.reviews++;
    let counted = 0;
    let evaluating = false;
    let released = false;
    return {
      bodyGrew: (size) => {
        const want = Math.max(0, size - this.limits.freeBytesPerBody);
        if (this.bytes + want - counted > this.limits.maxBodyBytesHeld) return false;
        this.bytes += want - counted;
        counted = want;
        return true;
      },
      startEvaluation: () => {
        if (this.evaluations >= this.limits.maxEvaluations) return false;
        this.evaluations++;
        evaluating = true;
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        this.bytes -= counted;
        if (evaluating) this.evaluations--;
        if (--this.reviews === 0) this.idle.splice(0).forEach((wake) => wake());
      },
    };
  }
}
