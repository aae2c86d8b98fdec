import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { turnHandling, turnInferenceFor } from '../turn-handling.js';
import { TranscriptBook } from './transcript.js';

describe('TranscriptBook: the turn numbers both runtimes send', () => {
  it('puts a late final user line in the turn before the reply it caused', () => {
    const book = new TranscriptBook();
    const greeting = book.assistantText('Hi! Where to?', 'en');
    book.assistantFlushed();
    book.assistantCommitted('Hi! Where to?', false, 'en');
    const interim = book.userTranscribed('I want', false)!;
    // The reply starts (preemptive) before the final transcript arrives.
    const reply = book.assistantText('Rome, ', 'en');
    const final = book.userTranscribed('I want to fly to Rome', true, 'en')!;
    assert.equal(greeting.turn, 0);
    assert.equal(final, interim, 'the final updates the interim line in place');
    assert.equal(final.turn, 1);
    assert.equal(reply.turn, 1, 'the reply shares its cause’s turn');
    assert.equal(final.final, true);
  });

  it('gives a typed message its own turn, and cuts nothing the framework did not', () => {
    const book = new TranscriptBook();
    book.assistantText('Hello.', 'en');
    book.assistantCommitted('Hello. ', false, 'en');
    const typed = book.userTyped('Madrid to Paris');
    const reply = book.assistantText('Searching ', 'en');
    const committed = book.assistantCommitted('Searching', true, 'en');
    assert.equal(typed.turn, 1);
    assert.equal(committed, reply);
    assert.equal(committed.text, 'Searching');
    assert.equal(committed.interrupted, true);
  });

  it('ignores empty interim results (noise) and drops a trailing space from a final reply', () => {
    const book = new TranscriptBook();
    assert.equal(book.userTranscribed('  ', false), undefined);
    book.assistantText('Hola ', 'es');
    assert.equal(book.assistantCommitted('Hola ', false, 'es').text, 'Hola');
  });
});

describe('turn handling: where the models run', () => {
  it('keeps the framework’s Cloud models only for a LiveKit Cloud URL', () => {
    assert.equal(turnInferenceFor('wss://acme-x1.livekit.cloud'), 'livekit-cloud');
    assert.equal(turnInferenceFor('wss://agents.acme.livekit.run'), 'livekit-cloud');
    assert.equal(turnInferenceFor('ws://198.18.0.1:7880'), 'offline');
    assert.equal(turnInferenceFor('wss://livekit.acme.example'), 'offline');
    assert.equal(turnInferenceFor('wss://livekit.cloud.evil.example'), 'offline');
    assert.equal(turnInferenceFor(undefined), 'offline');
    assert.equal(turnInferenceFor('not a url'), 'offline');
  });

  it('decides turns and interruptions by the VAD offline, and leaves Cloud to its defaults', () => {
    const offline = turnHandling('offline');
    assert.equal(offline.turnDetection, 'vad');
    assert.equal(offline.interruption?.mode, 'vad');
    const cloud = turnHandling('livekit-cloud');
    assert.equal(cloud.turnDetection, undefined);
    assert.equal(cloud.interruption?.mode, undefined);
    assert.equal(cloud.interruption?.minDuration, offline.interruption?.minDuration);
  });
});
