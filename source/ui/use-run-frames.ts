// The run screen redraws from a snapshot of the RunStore at most `fps` times a second, whatever
// the engine's event rate; what the operator waits for (a stop, a failure, the end) is drawn at
// once. The engine never waits on React. Ink lays out and re-tokenises every line of every frame;
// measured with bench/tui-parity.ts on the 2-core box, 4 frames a second cost the app ~30% more
// CPU than a headless run of the same world and 2 cost ~5%, and two updates a second still read
// as live (keys and stops are drawn at once).
import { useEffect, useState } from 'react';
import type { RunSnapshot, RunStore } from './run-store.js';

export const FRAMES_PER_SECOND = 2;

export function useRunFrames(store: RunStore, fps = FRAMES_PER_SECOND): RunSnapshot {
  const [frame, setFrame] = useState(() => store.snapshot());
  useEffect(() => {
    let drawn = store.version;
    let drawnAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const draw = () => {
      timer = undefined;
      if (store.version === drawn) return;
      drawn = store.version;
      drawnAt = Date.now();
      setFrame(store.snapshot());
    };
    const unsubscribe = store.subscribe((urgent) => {
      if (urgent) {
        clearTimeout(timer);
        draw();
      } else timer ??= setTimeout(draw, 1000 / fps);
    });
    // Elapsed time and the rate move on even when no event comes (a slow Splynx, a pause).
    const clock = setInterval(() => {
      if (Date.now() - drawnAt < 900) return;
      drawnAt = Date.now();
      setFrame(store.snapshot());
    }, 1000);
    draw();
    return () => {
      unsubscribe();
      clearTimeout(timer);
      clearInterval(clock);
    };
  }, [store, fps]);
  return frame;
}
