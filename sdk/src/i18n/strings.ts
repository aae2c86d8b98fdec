/** UI strings. English only so far: TODOS.md tracks the 20-language table. */
export const en = {
  title: 'Travel assistant',
  start: 'Start voice conversation',
  stop: 'End conversation',
  mute: 'Mute microphone',
  unmute: 'Unmute microphone',
  send: 'Send',
  inputLabel: 'Type a message',
  inputPlaceholder: 'Type a message…',
  transcriptLabel: 'Conversation',
  you: 'You',
  assistant: 'Assistant',
  interrupted: 'interrupted',
  retry: 'Try again',
  empty: 'Press the microphone and say where you want to fly.',
  states: {
    idle: 'Ready',
    connecting: 'Connecting…',
    listening: 'Listening',
    thinking: 'Thinking…',
    searching: 'Searching flights…',
    speaking: 'Speaking',
    interrupted: 'Interrupted',
    reconnecting: 'Reconnecting…',
    error: 'Something went wrong',
  },
} as const;
export type Strings = typeof en;
