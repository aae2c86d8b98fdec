/** `npm run docs:languages`: writes docs/languages.md from the table. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths.js';
import { languagesMarkdown } from './doc.js';

const path = join(REPO_ROOT, 'docs', 'languages.md');
writeFileSync(path, languagesMarkdown());
console.log(`wrote ${path}`);
