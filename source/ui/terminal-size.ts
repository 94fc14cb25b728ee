// The terminal's size, following resizes; tests pin it to exact widths.
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface Size {
  columns: number;
  rows: number;
}

export function useTerminalSize(fixed?: Size): Size {
  const { stdout } = useStdout();
  const read = (): Size =>
    fixed ?? {
      columns: (stdout as NodeJS.WriteStream).columns || 80,
      rows: (stdout as NodeJS.WriteStream).rows || 24,
    };
  const [size, setSize] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read depends only on stdout and fixed
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}
