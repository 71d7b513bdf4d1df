/**
 * What each quiz question shows (the option picked, checked right or wrong, the answer revealed,
 * the options already tried), in one store, plain data, for the session; and, while presenting,
 * the same between windows (issue 29: "quiz answers synced"): an answer picked or checked in the
 * presenter view shows on the audience's screen and the other way round.
 *
 * The sync is a topic (`unrolled-quiz`) on the one cross-window channel (./channel.ts): each
 * change carries a stamp of the channel's clock and a window applies only a change newer than the
 * one it shows for that question (ties broken by window id); a window that joins says hello and
 * is sent every question's state. A check made in another window is recorded in this window's
 * progress too (the first answer counts; both windows write the same localStorage, so the one
 * that writes last must know it). Malformed or foreign messages are ignored.
 */
import { create } from 'zustand';
import { isObj, newer, validStamp, windowChannel, type Stamp, type Topic } from './channel';
import { useProgress } from './progress';

export type QuizStatus = 'open' | 'wrong' | 'right' | 'revealed';

export interface QuizView {
  choice: number | null;
  status: QuizStatus;
  /** the wrong options already tried (authored indices) */
  tried: number[];
}

/** A check to record in the progress store (the learner's first answer counts). */
export interface QuizCheck {
  choice: number;
  correct: boolean;
}

export const useQuizBoard = create<{ byId: Record<string, QuizView> }>()(() => ({ byId: {} }));

/** What a question shows before anything was done to it this session: its saved first answer, if any. */
export function initialView(saved: QuizCheck | undefined): QuizView {
  return {
    choice: saved?.choice ?? null,
    status: saved ? (saved.correct ? 'right' : 'wrong') : 'open',
    tried: saved && !saved.correct ? [saved.choice] : [],
  };
}

const clocks = new Map<string, Stamp>();

/** A change made here: shown, recorded when it is a check, and sent to the other windows. */
export function setQuizView(id: string, view: QuizView, check?: QuizCheck): void {
  write(id, view, check);
  if (topic) {
    const clock = topic.stamp();
    clocks.set(id, clock);
    topic.send({ kind: 'quiz', id, view, clock, ...(check ? { check } : {}) });
  }
}

/** Forgets what questions show (a retake starts them afresh; the quiz set is not on slides, so not sent). */
export function clearQuizViews(ids: string[]): void {
  useQuizBoard.setState((s) => {
    const byId = { ...s.byId };
    for (const id of ids) delete byId[id];
    return { byId };
  });
}

function write(id: string, view: QuizView, check?: QuizCheck): void {
  useQuizBoard.setState((s) => ({ byId: { ...s.byId, [id]: view } }));
  if (check) useProgress.getState().recordQuiz(id, check.choice, check.correct);
}

// ---- the sync ------------------------------------------------------------------------------

export const QUIZ_SYNC_VERSION = 1;
const APP = 'unrolled-quiz';
const STATUSES: QuizStatus[] = ['open', 'wrong', 'right', 'revealed'];
const option = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 64;

type QuizMessage =
  { kind: 'hello' | 'bye'; from: string } | { kind: 'quiz'; from: string; id: string; view: QuizView; clock: Stamp; check?: QuizCheck };

function readView(v: unknown): QuizView | null {
  if (!isObj(v)) return null;
  const { choice, status, tried } = v;
  if (!(choice === null || option(choice)) || !STATUSES.includes(status as QuizStatus)) return null;
  if (!Array.isArray(tried) || tried.length > 64 || !tried.every(option)) return null;
  return { choice, status: status as QuizStatus, tried: [...tried] };
}

/** One of the topic's messages, or null when malformed. */
export function parseQuizMessage(raw: unknown): QuizMessage | null {
  if (!isObj(raw) || typeof raw.from !== 'string') return null;
  if (raw.kind === 'hello' || raw.kind === 'bye') return { kind: raw.kind, from: raw.from };
  if (raw.kind !== 'quiz' || typeof raw.id !== 'string' || raw.id.length > 160 || !validStamp(raw.clock)) return null;
  const view = readView(raw.view);
  if (!view) return null;
  let check: QuizCheck | undefined;
  if (raw.check !== undefined) {
    if (!isObj(raw.check) || !option(raw.check.choice) || typeof raw.check.correct !== 'boolean') return null;
    check = { choice: raw.check.choice, correct: raw.check.correct };
  }
  return { kind: 'quiz', from: raw.from, id: raw.id, view, clock: { n: raw.clock.n, from: raw.clock.from }, ...(check ? { check } : {}) };
}

let topic: Topic | null = null;
let users = 0;

function onMessage(m: QuizMessage): void {
  if (!topic) return;
  if (m.kind === 'hello') {
    // a window joined: it gets what every question shows here
    for (const [id, view] of Object.entries(useQuizBoard.getState().byId)) {
      const clock = clocks.get(id);
      if (clock) topic.send({ kind: 'quiz', id, view, clock, to: m.from });
    }
    return;
  }
  if (m.kind !== 'quiz') return;
  topic.observe(m.clock);
  if (!newer(m.clock, clocks.get(m.id))) return;
  clocks.set(m.id, m.clock);
  write(m.id, m.view, m.check);
}

/** Joins the quiz sync while presenting (reference counted: every question on the page holds it). */
export function joinQuizSync(): () => void {
  if (typeof window === 'undefined') return () => undefined;
  users++;
  topic ??= windowChannel().join<QuizMessage>({ app: APP, version: QUIZ_SYNC_VERSION, parse: parseQuizMessage, onMessage });
  let left = false;
  return () => {
    if (left) return;
    left = true;
    users--;
    if (users === 0 && topic) {
      topic.leave();
      topic = null;
    }
  };
}
