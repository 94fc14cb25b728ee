// Vim keys beside the arrows, everywhere a list moves.
import type { Key } from 'ink';

export function isUp(input: string, key: Key): boolean {
  return key.upArrow || input === 'k';
}
export function isDown(input: string, key: Key): boolean {
  return key.downArrow || input === 'j';
}
export function isTop(input: string, key: Key): boolean {
  return input === 'g' || key.home;
}
export function isBottom(input: string, key: Key): boolean {
  return input === 'G' || key.end;
}

/** The cursor after a movement key in a list of `length` rows; `page` rows per page. */
export function moveCursor(
  cursor: number,
  length: number,
  input: string,
  key: Key,
  page = 10,
): number {
  if (length === 0) return 0;
  let next = cursor;
  if (isUp(input, key)) next = cursor - 1;
  else if (isDown(input, key)) next = cursor + 1;
  else if (isTop(input, key)) next = 0;
  else if (isBottom(input, key)) next = length - 1;
  else if (key.pageUp) next = cursor - page;
  else if (key.pageDown) next = cursor + page;
  return Math.max(0, Math.min(length - 1, next));
}
