// Runs the molegen CLI as a user would (`node bin/molegen.js ...` from the repository root) and
// returns exit code and output without throwing, for tests that check what the command prints.

import { execa } from 'execa';
import path from 'node:path';
import { REPO_ROOT } from '../../generator/emit/templates.ts';

export const molegen = (...args: string[]) => execa('node', [path.join(REPO_ROOT, 'bin', 'molegen.js'), ...args], { reject: false, cwd: REPO_ROOT });
