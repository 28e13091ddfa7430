import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';

const within = (actual: number, expected: number, tolerance = 0.05) =>
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(tolerance);

describe('latency histogram', () => {
  it('gives percentiles within 5 % on a uniform distribution', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 10_000; ms++) h.record(ms);
    const s = h.summary();
    within(s.p50, 5_000);
    within(s.p95, 9_500);
    within(s.p99, 9_900);
    expect(s.count).toBe(10_000);
    expect(s.max).toBe(10_000);
    within(s.mean, 5_000.5, 0.0001);
  });

  it('gives percentiles within 5 % on an exponential distribution (mean 100 ms)', () => {
    const h = new LatencyHistogram();
    const n = 100_000;
    for (let i = 0; i < n; i++) h.record(-100 * Math.log(1 - (i + 0.5) / n));
    within(h.quantile(0.5), 100 * Math.LN2);
    within(h.quantile(0.95), -100 * Math.log(0.05));
    within(h.quantile(0.99), -100 * Math.log(0.01));
  });

  it('separates the modes of a bimodal distribution', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 900; i++) h.record(10);
    for (let i = 0; i < 100; i++) h.record(1_000);
    within(h.quantile(0.5), 10);
    within(h.quantile(0.95), 1_000);
    within(h.quantile(0.99), 1_000);
  });

  it('handles sub-millisecond and zero latencies', () => {
    const h = new LatencyHistogram();
    h.record(0);
    h.record(0.05);
    h.record(0.4);
    expect(h.quantile(1)).toBeLessThanOrEqual(0.4);
    expect(h.summary().count).toBe(3);
  });

  it('uses fixed memory however many values it records', () => {
    const h = new LatencyHistogram();
    const counts = Reflect.get(h, 'counts') as Uint32Array;
    for (let i = 0; i < 1_000_000; i++) h.record((i % 60_000) + 0.5);
    expect(Reflect.get(h, 'counts')).toBe(counts);
    expect(counts.length).toBe(480);
    expect(h.count).toBe(1_000_000);
  });

  it('merges', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 0; i < 100; i++) a.record(10);
    for (let i = 0; i < 100; i++) b.record(100);
    a.merge(b);
    expect(a.count).toBe(200);
    within(a.quantile(0.25), 10);
    within(a.quantile(0.75), 100);
  });
});
