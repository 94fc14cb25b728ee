#!/usr/bin/env node
// Thin entry: argv → command → exit code. The only place that calls process.exit.
const args = process.argv.slice(2);
process.stdout.write(`s2s: command "${args.join(' ')}" is not available yet\n`);
process.exit(args.length === 0 ? 0 : 2);
