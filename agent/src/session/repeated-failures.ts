/**
 * "The assistant has failed the same request twice": the core counts each tool's failed outcomes
 * in a row (a `ToolError`: an unknown place, no flights, providers down) and, from the second,
 * adds to what the model hears an instruction to offer a person. A success of that tool starts
 * the count again. Counting per tool, not per argument: a caller who rephrases ("Lundon",
 * "London") is still making the same request, and the model, not a string comparison, knows
 * when the caller moved on (it is told to offer, not to transfer).
 */
import { llm } from '@livekit/agents';
import type { AgentTools } from '../agent.js';
import { repeatedFailureHint } from '../tools/handoff/tools.js';

/** Failures in a row of one tool from which the model is told to offer a person. */
export const FAILURES_BEFORE_OFFER = 2;

type ToolMap = Record<string, llm.AnonFunctionTool>;

/**
 * `tools` with each function tool's failures counted: from the {@link FAILURES_BEFORE_OFFER}th
 * in a row, its `ToolError` message carries {@link repeatedFailureHint}. `onRepeated` is told
 * (for logs).
 */
export function countRepeatedFailures(
  tools: AgentTools,
  onRepeated?: (tool: string, failures: number) => void,
): AgentTools {
  if (Array.isArray(tools) || tools instanceof llm.ToolContext) return tools;
  const failures = new Map<string, number>();
  const guarded: ToolMap = {};
  for (const [name, tool] of Object.entries(tools as ToolMap)) {
    const execute = tool.execute;
    guarded[name] = {
      ...tool,
      execute: async (args, opts) => {
        try {
          const result: unknown = await execute(args, opts);
          failures.set(name, 0);
          return result;
        } catch (err) {
          if (!(err instanceof llm.ToolError)) throw err;
          const n = (failures.get(name) ?? 0) + 1;
          failures.set(name, n);
          if (n < FAILURES_BEFORE_OFFER) throw err;
          onRepeated?.(name, n);
          throw new llm.ToolError(`${err.message} ${repeatedFailureHint(n)}`);
        }
      },
    };
  }
  return guarded as AgentTools;
}
