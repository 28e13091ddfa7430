import { RateLimitError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { drainStream, rejectionOf } from './await-helpers.js';

describe('rejectionOf', () => {
  it('returns the Switchyard error a promise rejects with', async () => {
    const error = new RateLimitError('slow down', { provider: 'acme' });
    expect(await rejectionOf(Promise.reject(error))).toBe(error);
  });

  it('fails when the promise resolves', async () => {
    await expect(rejectionOf(Promise.resolve('fine'))).rejects.toThrow(/the promise resolved/);
  });

  it('rethrows anything that is not a Switchyard error', async () => {
    const bug = new TypeError('x is undefined');
    await expect(rejectionOf(Promise.reject(bug))).rejects.toBe(bug);
  });
});

describe('drainStream', () => {
  it('returns every part of a stream that ends', async () => {
    async function* parts() {
      yield 1;
      yield 2;
    }
    expect(await drainStream(parts())).toEqual({ parts: [1, 2], error: undefined });
  });

  it('returns the parts before a failure and the failure', async () => {
    const broken = new Error('socket closed');
    async function* parts() {
      yield 'a';
      throw broken;
    }
    const drained = await drainStream(parts());
    expect(drained.parts).toEqual(['a']);
    expect(drained.error).toBe(broken);
  });
});
