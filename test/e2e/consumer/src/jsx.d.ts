// How a React + TypeScript site types a custom element in JSX (React 19).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'polyglot-assistant': DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & {
        endpoint?: string;
        mode?: 'voice' | 'text' | 'both';
      };
    }
  }
}
