// Builds the SDK twice:
//  - sdk/dist/: unbundled ES modules + .d.ts for npm (lit stays a dependency);
//  - sdk/dist/cdn/: one self-contained, minified entry for the script tag (no globals).
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const sdk = (p) => new URL(`./sdk/${p}`, import.meta.url).pathname;

export default [
  {
    input: [sdk('src/index.ts'), sdk('src/polyglot-assistant.ts'), sdk('src/protocol/messages.ts')],
    external: (id) => id === 'lit' || id.startsWith('lit/') || id === 'livekit-client',
    output: {
      dir: sdk('dist'),
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: sdk('src'),
      sourcemap: true,
    },
    plugins: [
      typescript({
        tsconfig: sdk('tsconfig.json'),
        noEmit: false,
        declaration: true,
        declarationDir: sdk('dist'),
        outDir: sdk('dist'),
        exclude: ['**/*.test.ts', '**/testing/**'],
      }),
    ],
  },
  {
    input: sdk('src/polyglot-assistant.ts'),
    output: {
      dir: sdk('dist/cdn'),
      format: 'es',
      entryFileNames: 'polyglot-assistant.js',
      chunkFileNames: '[name]-[hash].js',
      sourcemap: true,
    },
    plugins: [
      resolve({ browser: true }),
      typescript({
        tsconfig: sdk('tsconfig.json'),
        noEmit: false,
        declaration: false,
        outDir: sdk('dist/cdn'),
        exclude: ['**/*.test.ts', '**/testing/**'],
      }),
      terser({ module: true, format: { comments: false } }),
    ],
  },
];
