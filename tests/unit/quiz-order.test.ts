/**
 * The quizzes' option order (issue 13): authors wrote the right option second in most questions;
 * each learner instead sees a seeded arrangement with the right answers spread evenly over the
 * positions. Checked over the real quiz data, read by rendering every lesson's MDX with recording
 * stand-ins for <Quiz> and <QuizSet>.
 */
import { describe, expect, it } from 'vitest';
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { lessons } from '../../lessons';
import { arrangeOptions } from '../../src/lesson-kit/quizOrder';
import type { QuizQuestion } from '../../src/lesson-kit/Quiz';

interface Found {
  quizId: string;
  ordinal: number;
  q: QuizQuestion;
}

// sections are code-split (lessons/index.ts): load every section's MDX first
const contents = (await Promise.all(lessons.map((l) => l.load()))).map((m) => m.default);

function collectQuizzes(): Found[] {
  const found: Found[] = [];
  lessons.forEach((lesson, index) => {
    const slug = lesson.meta.slug;
    const pass = ({ children }: { children?: ReactNode }) => createElement('div', null, children);
    const components = {
      Callout: pass,
      Deeper: pass,
      SpeakerNotes: pass,
      Simulator: () => null,
      TrainingLab: () => null,
      ShowMe: () => null,
      Derived: pass,
      Slide: pass,
      Steps: pass,
      // the same ids and ordinals as src/lesson-kit/Quiz.tsx
      Quiz: (p: QuizQuestion & { id: string }) => {
        const sub = Number(/\d+/.exec(p.id)?.[0] ?? 1);
        found.push({ quizId: `${slug}/${p.id}`, ordinal: index + Math.max(0, sub - 1), q: p });
        return null;
      },
      QuizSet: (p: { id: string; questions: QuizQuestion[] }) => {
        p.questions.forEach((q, i) => found.push({ quizId: `${slug}/${p.id}-${i + 1}`, ordinal: i, q }));
        return null;
      },
    };
    renderToStaticMarkup(createElement(contents[index], { components }));
  });
  return found;
}

const quizzes = collectQuizzes();
const SEEDS = [1, 2, 3, 42, 1234567, 2 ** 31 + 5, 4294967295, 987654321];

describe('quiz data', () => {
  it('has the lessons’ quizzes, each well formed', () => {
    expect(quizzes.length).toBeGreaterThanOrEqual(20);
    for (const { quizId, q } of quizzes) {
      expect(q.options.length, quizId).toBeGreaterThanOrEqual(2);
      expect(Number.isInteger(q.answer) && q.answer >= 0 && q.answer < q.options.length, quizId).toBe(true);
      expect(new Set(q.options).size, `${quizId}: options are distinct`).toBe(q.options.length);
      expect(q.explanation.length, quizId).toBeGreaterThan(20);
      // every wrong option says why it is wrong (shown before the right answer is revealed)
      expect(q.why, `${quizId}: a "why" for the wrong options`).toBeDefined();
      if (q.why) {
        expect(q.why.length, `${quizId}: one "why" per option`).toBe(q.options.length);
        q.options.forEach((_, i) => {
          if (i !== q.answer) expect(q.why?.[i]?.length ?? 0, `${quizId}: why option ${i} is wrong`).toBeGreaterThan(10);
        });
      }
    }
  });

  it('the authored order is skewed (why the app arranges options per learner)', () => {
    const second = quizzes.filter(({ q }) => q.answer === 1).length;
    // documents the data this test guards against: most authored answers are the second option
    expect(second).toBeGreaterThan(quizzes.length / 2);
  });
});

describe('per-learner option order', () => {
  it('is a permutation that keeps the right option findable', () => {
    for (const seed of SEEDS)
      for (const { quizId, ordinal, q } of quizzes) {
        const order = arrangeOptions({ n: q.options.length, answer: q.answer, learnerSeed: seed, quizId, ordinal });
        expect([...order].sort((a, b) => a - b)).toEqual(q.options.map((_, i) => i));
      }
  });

  it('spreads the right answers evenly over the positions, for every learner', () => {
    for (const seed of SEEDS) {
      const counts = [0, 0, 0, 0];
      for (const { quizId, ordinal, q } of quizzes) {
        const order = arrangeOptions({ n: q.options.length, answer: q.answer, learnerSeed: seed, quizId, ordinal });
        counts[order.indexOf(q.answer)]++;
      }
      const even = quizzes.length / 4;
      for (const c of counts) expect(Math.abs(c - even), `seed ${seed}: positions ${counts.join('/')}`).toBeLessThanOrEqual(1);
    }
  });

  it('spreads them within the final quiz too', () => {
    const set = quizzes.filter((f) => f.quizId.startsWith('summary/'));
    expect(set.length).toBe(8);
    for (const seed of SEEDS) {
      const counts = [0, 0, 0, 0];
      for (const { quizId, ordinal, q } of set)
        counts[arrangeOptions({ n: q.options.length, answer: q.answer, learnerSeed: seed, quizId, ordinal }).indexOf(q.answer)]++;
      expect(counts).toEqual([2, 2, 2, 2]);
    }
  });

  it('is stable for one learner (reloads) and differs between learners and retakes', () => {
    const { quizId, ordinal, q } = quizzes[0];
    const a = arrangeOptions({ n: q.options.length, answer: q.answer, learnerSeed: 7, quizId, ordinal });
    expect(arrangeOptions({ n: q.options.length, answer: q.answer, learnerSeed: 7, quizId, ordinal })).toEqual(a);
    const orders = new Set(
      SEEDS.flatMap((s) =>
        [0, 1, 2].map((round) => arrangeOptions({ n: q.options.length, answer: q.answer, learnerSeed: s, quizId, ordinal, round }).join('')),
      ),
    );
    expect(orders.size).toBeGreaterThan(4);
  });
});
