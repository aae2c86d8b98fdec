/**
 * The server environment that points the production speech providers at their fakes: Deepgram for
 * recognition and Cartesia for the voice, with keys the fakes accept.
 */
import type { CartesiaFake } from './cartesia.js';
import type { DeepgramFake } from './deepgram.js';

export function speechFakesEnv(deepgram: DeepgramFake, cartesia: CartesiaFake) {
  return {
    DEEPGRAM_API_KEY: 'dg-test-fake',
    DEEPGRAM_BASE_URL: deepgram.baseUrl,
    CARTESIA_API_KEY: 'sk_car_test_fake',
    CARTESIA_BASE_URL: cartesia.baseUrl,
  };
}
