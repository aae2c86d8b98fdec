// Builds the SDK twice, and the operator console:
//  - sdk/dist/: unbundled ES modules + .d.ts for npm (lit stays a dependency);
//  - sdk/dist/cdn/: one self-contained, minified entry for the script tag (no globals);
//  - sdk/dist/console/: the operator console's page script (served at /console by the agent; kept
//    apart so the widget's CDN bundle and its size budget do not carry it).
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const sdk = (p) => new URL(`./sdk/${p}`, import.meta.url).pathname;

/**
 * The widget's css`` templates without comments and runs of whitespace, for the CDN build (terser
 * leaves template literals as they are): ~0.3 KB gzip off every page that loads the widget.
 * Only whitespace next to `{`, `}`, `;` and `,` goes; any other run becomes one space, so
 * selectors such as `.a :hover` keep their meaning.
 */
function minifyCssTemplates() {
  const minify = (css) =>
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/ ?([{};,]) ?/g, '$1')
      .trim();
  return {
    name: 'minify-css-templates',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      return {
        code: code.replace(/\bcss\s*`([^`]*)`/g, (_, css) => `css\`${minify(css)}\``),
        map: null,
      };
    },
  };
}

/** The plugins of a self-contained, minified browser bundle written to `dir` (no .d.ts). */
function browserBundle(dir, { minifyCss = false } = {}) {
  return [
    resolve({ browser: true }),
    typescript({
      tsconfig: sdk('tsconfig.json'),
      noEmit: false,
      declaration: false,
      outDir: sdk(dir),
      exclude: ['**/*.test.ts', '**/testing/**'],
    }),
    // After TypeScript, whose transform answers with its own output for each file.
    ...(minifyCss ? [minifyCssTemplates()] : []),
    terser({ module: true, format: { comments: false } }),
  ];
}

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
    plugins: browserBundle('dist/cdn', { minifyCss: true }),
  },
  {
    input: sdk('src/console/polyglot-console.ts'),
    output: { dir: sdk('dist/console'), format: 'es', sourcemap: true },
    plugins: browserBundle('dist/console'),
  },
];
