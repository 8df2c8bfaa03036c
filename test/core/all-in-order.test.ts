import { describe, expect, it } from 'vitest';
import { allInOrder } from '../../src/core/all-in-order.js';

describe('allInOrder', () => {
  it('gives every value in order', async () => {
    expect(await allInOrder<[number, string]>([Promise.resolve(1), Promise.resolve('b')])).toEqual([1, 'b']);
  });

  it('throws the first failure in argument order, not in time order, once every promise has settled', async () => {
    let lateDone = false;
    const late = new Promise<void>((_, reject) => setTimeout(() => reject(new Error('first in order')), 30));
    const early = Promise.reject(new Error('first in time'));
    const slow = new Promise<void>((resolve) => setTimeout(() => ((lateDone = true), resolve()), 60));
    await expect(allInOrder([late, early, slow])).rejects.toThrow('first in order');
    expect(lateDone).toBe(true);
  });
});
