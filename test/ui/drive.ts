// Drives a rendered app with real key sequences and waits for the frame to settle.
import type { render } from 'ink-testing-library';

export type Rendered = ReturnType<typeof render>;

export const KEY = {
  enter: '\r',
  esc: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  tab: '\t',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the frame has stopped changing, so the input handlers of the last render are live. */
async function settle(app: Rendered) {
  let last = app.lastFrame();
  for (let i = 0; i < 100; i++) {
    await wait(20);
    const now = app.lastFrame();
    if (now === last) return;
    last = now;
  }
}

/** Waits for something outside the frame (calls the fake recorded). */
export async function waitFor(test: () => boolean, what: string) {
  for (let i = 0; i < 400; i++) {
    if (test()) return;
    await tick();
  }
  throw new Error(`never happened: ${what}`);
}

/** Waits until the last frame contains `text` (or the predicate holds); throws with the frame. */
export async function until(app: Rendered, test: string | ((frame: string) => boolean)) {
  // Text may wrap at 80 columns: a string also matches across a line break.
  const ok =
    typeof test === 'string'
      ? (f: string) => f.includes(test) || f.replace(/\s*\n\s*/g, ' ').includes(test)
      : test;
  for (let i = 0; i < 400; i++) {
    if (ok(app.lastFrame() ?? '')) return app.lastFrame() ?? '';
    await tick();
  }
  throw new Error(`frame never matched ${String(test)}:\n${app.lastFrame()}`);
}

/** Writes keys one by one, letting Ink handle each before the next. */
export async function press(app: Rendered, ...keys: string[]) {
  for (const key of keys) {
    // React runs the effects that subscribe Ink's input handlers after the frame is drawn.
    await settle(app);
    app.stdin.write(key);
  }
  await settle(app);
}

/** The frame with trailing spaces cut per line, for exact comparisons. */
export function frame(app: Rendered): string {
  return (app.lastFrame() ?? '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
