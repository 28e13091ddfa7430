import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';

const require = createRequire(import.meta.url);

// The page's assets (uPlot, the page's own script and style) are inlined as strings at build
// time, so the host serves them from the handler with no build step and no CDN. `?raw` is the
// suffix Vite (and so vitest) understands natively; this plugin gives esbuild the same meaning.
const rawText: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'raw-text',
  setup(build) {
    build.onResolve({ filter: /\?raw$/ }, (args) => {
      const bare = args.path.slice(0, -'?raw'.length);
      const path = bare.startsWith('.')
        ? resolve(args.resolveDir, bare)
        : require.resolve(bare, { paths: [args.resolveDir] });
      // Keep the suffix: a path ending in `.css` would also be emitted as a stylesheet.
      return { path: `${path}?raw`, namespace: 'raw-text' };
    });
    build.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path.slice(0, -'?raw'.length), 'utf8'),
      loader: 'text',
    }));
  },
};

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  esbuildPlugins: [rawText],
});
