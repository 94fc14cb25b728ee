// Every command ends through main() and process.exit. If Node's event loop empties first, some
// promise was left waiting on nothing (an unreferenced timer, a dropped socket), and Node's
// natural exit would report status 0 for a run that stopped half-way. This turns that into a
// resumable stop the operator can see.
import { EXIT } from './exit-code.js';

export function installStallGuard(stderr: { write(text: string): unknown }): void {
  process.once('beforeExit', () => {
    stderr.write(
      's2s: internal error: the command stopped with work still pending (nothing left to wait for).\n' +
        '  Everything confirmed so far is saved: `s2s resume` continues from there. Please report this.\n',
    );
    process.exit(EXIT.stopped);
  });
}
