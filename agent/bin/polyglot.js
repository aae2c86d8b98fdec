#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so the package ships and runs its sources as-is.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
