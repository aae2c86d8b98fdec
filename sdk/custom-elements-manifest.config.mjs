// `cem analyze` settings: the manifest documents the public element only.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/testing/**', 'src/i18n/locales/**'],
  outdir: '.',
  litelement: true,
};
