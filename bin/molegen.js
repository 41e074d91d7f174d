#!/usr/bin/env node
// molegen command-line entry point. Registers tsx so the TypeScript sources run without a
// separate build step, then hands over to generator/cli.ts. Nothing else belongs here.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../generator/cli.ts');
process.exitCode = await main(process.argv.slice(2));
