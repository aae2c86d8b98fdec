/** The widget's states: the agent framework's names plus ours. */
export type AssistantState =
  | 'idle'
  | 'connecting'
  | 'listening'
  | 'thinking'
  | 'searching'
  | 'speaking'
  | 'interrupted'
  | 'reconnecting'
  | 'error';
