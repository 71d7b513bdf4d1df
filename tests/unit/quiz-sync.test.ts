/**
 * Quiz answers between presenting windows (store/quizBoard.ts over the channel): this process is
 * one window, the other is a bare channel on the same in-memory network speaking the topic.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Channel, resetWindowChannel, type Topic } from '../../src/store/channel';
import { useProgress } from '../../src/store/progress';
import {
  initialView,
  joinQuizSync,
  parseQuizMessage,
  QUIZ_SYNC_VERSION,
  setQuizView,
  useQuizBoard,
  type QuizView,
} from '../../src/store/quizBoard';
import { MemoryNetwork } from './memoryTransport';

type Sent = Record<string, unknown>;

function other(net: MemoryNetwork, id: string) {
  const ch = new Channel({ transport: net.factory(), id });
  const got: Sent[] = [];
  const topic: Topic = ch.join<{ kind: string; from: string }>({
    app: 'unrolled-quiz',
    version: QUIZ_SYNC_VERSION,
    parse: (raw) => parseQuizMessage(raw),
    onMessage: (_m, raw) => got.push(raw),
  });
  return { topic, got };
}

const Q = 'lstm/q1';
const view = (v: Partial<QuizView>): QuizView => ({ choice: null, status: 'open', tried: [], ...v });
let leave: (() => void) | null = null;

beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
  useQuizBoard.setState({ byId: {} });
  useProgress.setState({ quizzes: {} });
});
afterEach(() => {
  leave?.();
  leave = null;
  vi.unstubAllGlobals();
});

function start(net: MemoryNetwork) {
  resetWindowChannel(net.factory());
  leave = joinQuizSync();
}

describe('quiz answers between presenting windows', () => {
  it('a pick made here goes out; a check made there shows here and is recorded as the first answer', () => {
    const net = new MemoryNetwork();
    start(net);
    const a = other(net, 'wa');
    net.flush();
    setQuizView(Q, view({ choice: 2 }));
    net.flush();
    const sent = a.got.find((m) => m.kind === 'quiz');
    expect(sent).toMatchObject({ id: Q, view: { choice: 2, status: 'open', tried: [] } });

    a.topic.send({
      kind: 'quiz',
      id: Q,
      view: view({ choice: 1, status: 'wrong', tried: [1] }),
      clock: a.topic.stamp(),
      check: { choice: 1, correct: false },
    });
    net.flush();
    expect(useQuizBoard.getState().byId[Q]).toEqual({ choice: 1, status: 'wrong', tried: [1] });
    expect(useProgress.getState().quizzes[Q]).toEqual({ choice: 1, correct: false });
    // a later check does not replace the first answer
    a.topic.send({
      kind: 'quiz',
      id: Q,
      view: view({ choice: 0, status: 'right', tried: [1] }),
      clock: a.topic.stamp(),
      check: { choice: 0, correct: true },
    });
    net.flush();
    expect(useQuizBoard.getState().byId[Q].status).toBe('right');
    expect(useProgress.getState().quizzes[Q]).toEqual({ choice: 1, correct: false });
  });

  it('applies only a newer change for a question (a tie broken by window id), and ignores malformed ones', () => {
    const net = new MemoryNetwork();
    start(net);
    const a = other(net, 'wa');
    net.flush();
    a.topic.send({ kind: 'quiz', id: Q, view: view({ choice: 3 }), clock: { n: 10, from: 'wa' } });
    a.topic.send({ kind: 'quiz', id: Q, view: view({ choice: 1 }), clock: { n: 9, from: 'wa' } }); // older
    net.flush();
    expect(useQuizBoard.getState().byId[Q].choice).toBe(3);
    // malformed: a status that does not exist, an option out of range, a tried list that is not one
    a.topic.send({ kind: 'quiz', id: Q, view: { choice: 1, status: 'hacked', tried: [] }, clock: { n: 20, from: 'wa' } });
    a.topic.send({ kind: 'quiz', id: Q, view: { choice: 999, status: 'open', tried: [] }, clock: { n: 21, from: 'wa' } });
    a.topic.send({ kind: 'quiz', id: Q, view: { choice: 1, status: 'open', tried: 'x' }, clock: { n: 22, from: 'wa' } });
    net.flush();
    expect(useQuizBoard.getState().byId[Q].choice).toBe(3);
    expect(
      parseQuizMessage({ kind: 'quiz', from: 'wa', id: Q, view: view({}), clock: { n: 1, from: 'wa' }, check: { choice: -1, correct: true } }),
    ).toBeNull();
  });

  it('a window that joins is sent what every question shows here', () => {
    const net = new MemoryNetwork();
    start(net);
    setQuizView(Q, view({ choice: 0, status: 'revealed', tried: [2] }));
    setQuizView('gru/q1', view({ choice: 1 }));
    net.flush();
    const late = other(net, 'wz');
    net.flush();
    const quiz = late.got.filter((m) => m.kind === 'quiz').map((m) => [m.id, (m.view as QuizView).status]);
    expect(quiz).toEqual(
      expect.arrayContaining([
        [Q, 'revealed'],
        ['gru/q1', 'open'],
      ]),
    );
  });

  it('without the sync a question shows its saved first answer', () => {
    expect(initialView(undefined)).toEqual({ choice: null, status: 'open', tried: [] });
    expect(initialView({ choice: 2, correct: false })).toEqual({ choice: 2, status: 'wrong', tried: [2] });
    expect(initialView({ choice: 1, correct: true })).toEqual({ choice: 1, status: 'right', tried: [] });
  });
});
