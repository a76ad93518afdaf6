#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx so the engines are used straight from src/.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
const { main } = createRequire(import.meta.url)('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
