import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // import.meta.url (and __dirname) work in both builds: the CJS bundle gets a file URL, not {}.
  shims: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The CJS build needs import.meta.url too: telemetry loads @opentelemetry/api with createRequire.
  shims: true,
  tsconfig: 'tsconfig.build.json',
});
