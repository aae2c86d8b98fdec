// `cem analyze` settings: the manifest documents the public surface only (the element, its
// registration and its event types), not the internals.
export default {
  globs: [
    'src/index.ts',
    'src/polyglot-assistant.ts',
    'src/components/**/*.component.ts',
    'src/events/events.ts',
  ],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
};
