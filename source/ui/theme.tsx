// Colour is decoration only: every state is also said in words or a symbol, so NO_COLOR and
// TERM=dumb lose nothing. Screens ask for a tone; whether it becomes a colour is decided here once.
import { Text } from 'ink';
import { createContext, type ReactNode, useContext } from 'react';

export type Tone = 'good' | 'bad' | 'warn' | 'dim' | 'accent';

const COLOURS: Record<Tone, string> = {
  good: 'green',
  bad: 'red',
  warn: 'yellow',
  dim: 'gray',
  accent: 'cyan',
};

export const ColourContext = createContext(false);
export const ColourProvider = ColourContext.Provider;

export function Tinted(props: {
  tone: Tone;
  bold?: boolean;
  inverse?: boolean;
  children: ReactNode;
}) {
  const colour = useContext(ColourContext);
  return (
    <Text
      {...(colour ? { color: COLOURS[props.tone] } : {})}
      {...(props.bold ? { bold: true } : {})}
      {...(props.inverse ? { inverse: true } : {})}
    >
      {props.children}
    </Text>
  );
}
