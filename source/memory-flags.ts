// Imported first by the entry. V8 sizes its heap for speed on a machine with memory to spare:
// at 100,000 customers the CLI's live data stayed under ~120 MB while the heap grew to 550-600 MB
// of not-yet-collected garbage. --optimize-for-size makes it collect sooner: peak RSS ~240 MB,
// throughput within 3% (bench/scale.ts; figures in the README). Set at run time so `s2s`,
// `npm start` and `node dist/cli.js` all get it without NODE_OPTIONS.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--optimize-for-size');
