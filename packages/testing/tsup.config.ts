import { defineConfig } from 'tsup';

export default defineConfig({
  // `contract` is ESM-only (it loads vitest); `require()` of it gets `contract-require`, which
  // throws an error that says so. See package.json `exports`.
  entry: ['src/index.ts', 'src/contract.ts', 'src/contract-require.ts'],
  format: ['esm', 'cjs'],
  // import.meta.url (and __dirname) work in both builds: the CJS bundle gets a file URL, not {}.
  shims: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest'],
});
