/** The SDK version; kept equal to package.json by the build's check (see scripts/size.mjs). */
export const VERSION = '0.1.0';
