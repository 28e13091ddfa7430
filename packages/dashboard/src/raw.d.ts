// Files imported as text (`?raw`): Vite handles it in tests, a small esbuild plugin in the build.
declare module '*?raw' {
  const text: string;
  export default text;
}
