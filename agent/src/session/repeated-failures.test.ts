/**
 * "Failed the same request twice": the offer of a person follows a repeated failure of one
 * request, not a run of different impossible requests.
 */
import { llm } from '@livekit/agents';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { countRepeatedFailures } from './repeated-failures.js';

/** A search_flights that refuses everything, as the real one refuses a past date or Atlantis. */
function refusingTools() {
  const search_flights = llm.tool({
    description: 'search',
    parameters: z.object({
      origin: z.string(),
      destination: z.string(),
      departure_date: z.string(),
    }),
    execute: async ({ destination }) => {
      throw new llm.ToolError(`Cannot search ${destination}.`);
    },
  });
  return countRepeatedFailures({ search_flights }) as Record<string, llm.AnonFunctionTool>;
}

async function failure(
  tools: Record<string, llm.AnonFunctionTool>,
  args: Record<string, string>,
): Promise<string> {
  try {
    await tools.search_flights!.execute(args, {
      ctx: {} as never,
      toolCallId: 't',
      abortSignal: new AbortController().signal,
    });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the tool did not fail');
}

describe('repeated failures of one request', () => {
  it('offers a person when the same route fails again, whatever its dates', async () => {
    const tools = refusingTools();
    const first = await failure(tools, {
      origin: 'Madrid',
      destination: 'London',
      departure_date: '2020-01-03',
    });
    assert.doesNotMatch(first, /transfer_to_human/);
    const again = await failure(tools, {
      origin: 'madrid',
      destination: 'London ',
      departure_date: '2020-01-04',
    });
    assert.match(again, /failed 2 times in a row.*transfer_to_human/);
  });

  it('does not, for one impossible request after another', async () => {
    const tools = refusingTools();
    const said = [];
    for (const [origin, destination] of [
      ['Madrid', 'London'],
      ['Madrid', 'Madrid'],
      ['Madrid', 'Rome'],
      ['Paris', 'Atlantis'],
    ] as const) {
      said.push(await failure(tools, { origin, destination, departure_date: 'tomorrow' }));
    }
    assert.deepEqual(
      said.filter((m) => /transfer_to_human/.test(m)),
      [],
    );
  });
});
