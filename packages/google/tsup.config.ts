import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/genai.ts'],
  format: ['esm', 'cjs'],
  // import.meta.url (and __dirname) work in both builds: the CJS bundle gets a file URL, not {}.
  shims: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
});
