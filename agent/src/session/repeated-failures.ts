/**
 * "The assistant has failed the same request twice": the core counts a tool's failed outcomes
 * in a row for the same request (a `ToolError`: an unknown place, no flights, providers down)
 * and, from the second, adds to what the model hears an instruction to offer a person. A success
 * of that tool, or a different request, starts the count again. The same request is the same
 * route for a flight search (origin and destination, whatever the dates or travellers), and the
 * same arguments for other tools: a caller who asks one impossible thing after another (a past
 * date, then twelve travellers, then Atlantis) is not failed twice, while one who asks again for
 * the route that just failed is. A rephrased place ("Lundon", then "London") counts as another
 * request; the model is still told to offer a person to a frustrated caller.
 */
import { llm } from '@livekit/agents';
import type { AgentTools } from '../agent.js';
import { repeatedFailureHint } from '../tools/handoff/tools.js';

/** Failures in a row of one tool from which the model is told to offer a person. */
export const FAILURES_BEFORE_OFFER = 2;

type ToolMap = Record<string, llm.AnonFunctionTool>;

const norm = (v: unknown) =>
  typeof v === 'string'
    ? v
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim()
    : v;

/** What makes two calls of `tool` the same request (see above). */
export function requestKey(tool: string, args: unknown): string {
  const a = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
  if (tool === 'search_flights') return JSON.stringify([norm(a.origin), norm(a.destination)]);
  return JSON.stringify(Object.entries(a).sort(([x], [y]) => x.localeCompare(y)));
}

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
  /** Per tool: the last failed request and how many times in a row it failed. */
  const failures = new Map<string, { key: string; n: number }>();
  const guarded: ToolMap = {};
  for (const [name, tool] of Object.entries(tools as ToolMap)) {
    const execute = tool.execute;
    guarded[name] = {
      ...tool,
      execute: async (args, opts) => {
        try {
          const result: unknown = await execute(args, opts);
          failures.delete(name);
          return result;
        } catch (err) {
          if (!(err instanceof llm.ToolError)) throw err;
          const key = requestKey(name, args);
          const last = failures.get(name);
          const n = last?.key === key ? last.n + 1 : 1;
          failures.set(name, { key, n });
          if (n < FAILURES_BEFORE_OFFER) throw err;
          onRepeated?.(name, n);
          throw new llm.ToolError(`${err.message} ${repeatedFailureHint(n)}`);
        }
      },
    };
  }
  return guarded as AgentTools;
}
