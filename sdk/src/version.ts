/** The SDK version (keep equal to package.json): a second load of another version warns. */
export const VERSION = '0.1.0';
