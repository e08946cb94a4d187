import { describe, expect, it } from 'vitest';
import { Capacity } from '../../src/webhook/capacity.js';

describe('webhook capacity', () => {
  it('counts reviews being received apart from evaluation slots', () => {
    const capacity = new Capacity({ maxEvaluations: 2, maxBodyBytesHeld: 1000, freeBytesPerBody: 100 });
    const receiving = Array.from({ length: 50 }, () => capacity.enter());
    const [a, b, c] = [capacity.enter(), capacity.enter(), capacity.enter()];
    expect([a.startEvaluation(), b.startEvaluation(), c.startEvaluation()]).toEqual([true, true, false]);
    expect([capacity.open(), capacity.evaluating()]).toEqual([53, 2]);
    a.release();
    a.release(); // once only
    expect([c.startEvaluation(), capacity.evaluating()]).toEqual([true, 2]);
    [b, c, ...receiving].forEach((t) => t.release());
    expect([capacity.open(), capacity.evaluating()]).toEqual([0, 0]);
  });

  it('holds body bytes beyond a free allowance per body, up to the budget', () => {
    const capacity = new Capacity({ maxEvaluations: 2, maxBodyBytesHeld: 1000, freeBytesPerBody: 100 });
    const small = Array.from({ length: 30 }, () => capacity.enter());
    expect(small.every((t) => t.bodyGrew(100))).toBe(true); // within the allowance: nothing counted
    const [big, other] = [capacity.enter(), capacity.enter()];
    expect([big.bodyGrew(600), big.bodyGrew(900), capacity.bodyBytesHeld()]).toEqual([true, true, 800]);
    expect([other.bodyGrew(400), other.bodyGrew(300), capacity.bodyBytesHeld()]).toEqual([false, true, 1000]);
    big.release();
    expect([other.bodyGrew(1100), capacity.bodyBytesHeld()]).toEqual([true, 1000]);
  });

  it('resolves drained() once the last open review is released', async () => {
    const capacity = new Capacity({ maxEvaluations: 1, maxBodyBytesHeld: 0, freeBytesPerBody: 0 });
    await capacity.drained();
    const ticket = capacity.enter();
    let drained = false;
    const waiting = capacity.drained().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    ticket.release();
    await waiting;
    expect(drained).toBe(true);
  });
});
