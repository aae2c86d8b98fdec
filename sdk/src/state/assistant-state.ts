/**
 * The widget's states: the agent framework's names plus ours. `listening` means a microphone is
 * open and heard; `ready` is the same moment with none (a typed conversation, or the microphone
 * muted): the agent waits, and nothing the traveller says reaches it.
 */
export type AssistantState =
  | 'idle'
  | 'connecting'
  | 'ready'
  | 'listening'
  | 'thinking'
  | 'searching'
  | 'speaking'
  | 'interrupted'
  | 'reconnecting'
  | 'error';
