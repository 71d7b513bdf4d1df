import { useEffect, useId, useMemo } from 'react';
import { useProgress } from '../store/progress';
import { clearQuizViews, initialView, joinQuizSync, setQuizView, useQuizBoard, type QuizCheck, type QuizView } from '../store/quizBoard';
import { useLesson } from '../views/LessonContext';
import { arrangeOptions } from './quizOrder';

export interface QuizQuestion {
  question: string;
  options: string[];
  /** index into options */
  answer: number;
  /** shown once the right option is found or revealed: why the right option is right */
  explanation: string;
  /**
   * Optional, parallel to `options`: why each wrong option is wrong, shown when a learner picks it
   * (before the right answer is revealed). Leave the right option's entry empty.
   */
  why?: (string | null | undefined)[];
}

/**
 * "Check your understanding": one multiple-choice question with feedback. The learner's first
 * answer goes into the progress store (the sidebar marks the section's quiz as answered).
 */
export function Quiz(props: QuizQuestion & { id: string }) {
  const { slug, index } = useLesson();
  const quizId = `${slug}/${props.id}`;
  const sub = Number(/\d+/.exec(props.id)?.[0] ?? 1);
  return (
    <section className="quiz" aria-label="Check your understanding">
      <h3 className="quiz-title">Check your understanding</h3>
      <QuestionBlock quizId={quizId} q={props} ordinal={(index ?? 0) + Math.max(0, sub - 1)} round={0} />
    </section>
  );
}

/**
 * A short quiz over several questions with a score (the summary section). Only the first answer
 * to each question counts; the set can be retaken (fresh option order, score from zero).
 */
export function QuizSet(props: { id: string; questions: QuizQuestion[] }) {
  const { slug, presenting } = useLesson();
  const quizzes = useProgress((s) => s.quizzes);
  const setId = `${slug}/${props.id}`;
  const round = useProgress((s) => s.rounds[setId] ?? 0);
  const retake = useProgress((s) => s.retakeQuizzes);
  const ids = props.questions.map((_, i) => `${slug}/${props.id}-${i + 1}`);
  const answered = ids.filter((id) => quizzes[id]).length;
  const correct = ids.filter((id) => quizzes[id]?.correct).length;
  const n = props.questions.length;
  // too long for one slide: the deck leaves the final quiz to the students' own screens
  if (presenting) return null;
  return (
    <section className="quiz quiz-set" aria-label="Quiz">
      <h3 className="quiz-title">Quiz</h3>
      <p className="quiz-rule">Only your first answer to each question counts for the score; after that, try again as often as you like.</p>
      <p className="quiz-score" role="status" data-testid="quiz-score">
        Score: {correct} / {n}
        {answered < n ? ` (${n - answered} still to answer)` : ' — all answered'}
      </p>
      <ol className="quiz-list" key={round}>
        {props.questions.map((q, i) => (
          <li key={ids[i]}>
            <QuestionBlock quizId={ids[i]} q={q} ordinal={i} round={round} number={i + 1} total={n} />
          </li>
        ))}
      </ol>
      {answered > 0 && (
        <button
          type="button"
          className="button button-quiet quiz-retake"
          data-testid="quiz-retake"
          onClick={() => {
            if (answered < n || window.confirm('Start the quiz again? Your score goes back to 0 and the options are reshuffled.')) {
              clearQuizViews(ids);
              retake(setId, ids);
            }
          }}
        >
          Retake the quiz
        </button>
      )}
    </section>
  );
}

function QuestionBlock({
  quizId,
  q,
  ordinal,
  round,
  number,
  total,
}: {
  quizId: string;
  q: QuizQuestion;
  ordinal: number;
  round: number;
  number?: number;
  total?: number;
}) {
  const name = useId();
  const saved = useProgress((s) => s.quizzes[quizId]);
  const learnerSeed = useProgress((s) => s.learnerSeed);
  const order = useMemo(
    () => arrangeOptions({ n: q.options.length, answer: q.answer, learnerSeed, quizId, ordinal, round }),
    [q.options.length, q.answer, learnerSeed, quizId, ordinal, round],
  );
  // what the question shows lives in the quiz board (store/quizBoard.ts), shared with the other
  // presenting windows; before anything is done to it this session, its saved first answer
  const { presenting, notesWindow } = useLesson();
  useEffect(() => (presenting || notesWindow ? joinQuizSync() : undefined), [presenting, notesWindow]);
  const board = useQuizBoard((s) => s.byId[quizId]);
  const view = useMemo(() => board ?? initialView(saved), [board, saved]);
  const { choice, status, tried } = view;
  const show = (patch: Partial<QuizView>, check?: QuizCheck) => setQuizView(quizId, { ...view, ...patch }, check);
  const solved = status === 'right' || status === 'revealed';
  const first = saved === undefined;

  return (
    <form
      className="quiz-question"
      data-quiz={quizId}
      data-status={status}
      onSubmit={(e) => {
        e.preventDefault();
        if (choice === null) return;
        const ok = choice === q.answer;
        const check = { choice, correct: ok };
        if (ok) show({ status: status === 'revealed' ? 'revealed' : 'right' }, check);
        else show({ tried: tried.includes(choice) ? tried : [...tried, choice], status: status === 'revealed' ? 'revealed' : 'wrong' }, check);
      }}
    >
      <fieldset>
        <legend>
          {number !== undefined && (
            <span className="quiz-num">
              Question {number}
              {total ? ` of ${total}` : ''}.{' '}
            </span>
          )}
          {q.question}
        </legend>
        {order.map((i) => {
          const isAnswer = solved && i === q.answer;
          const ruledOut = tried.includes(i);
          return (
            <label key={i} className={`quiz-option${isAnswer ? ' is-answer' : ''}${ruledOut ? ' is-tried' : ''}`} data-option={i}>
              <input
                type="radio"
                name={name}
                value={i}
                checked={choice === i}
                onChange={() =>
                  // the feedback is about the option that was checked: a new pick clears it until it is checked
                  // ("Correct." under a wrong option read as if that one were right)
                  show({ choice: i, status: status === 'wrong' || (status === 'right' && i !== q.answer) ? 'open' : status })
                }
              />
              <span>{q.options[i]}</span>
              {isAnswer && <span className="quiz-tag quiz-tag-right">right answer</span>}
              {ruledOut && !isAnswer && <span className="quiz-tag quiz-tag-tried">tried: not this one</span>}
            </label>
          );
        })}
      </fieldset>
      <div className="quiz-actions">
        <button type="submit" className="button" disabled={choice === null || (solved && choice === q.answer)}>
          {first ? 'Check answer' : 'Check again'}
        </button>
        {!solved && tried.length > 0 && (
          <button type="button" className="button button-quiet" onClick={() => show({ status: 'revealed' })}>
            Show the answer
          </button>
        )}
      </div>
      <div className="quiz-feedback" role="status" aria-live="polite">
        {status === 'wrong' && choice !== null && (
          <p className="feedback-wrong">
            <strong>Not quite.</strong> “{q.options[choice]}” is not right.{q.why?.[choice] ? ` ${q.why[choice]}` : ''} Pick another option and
            check again, or show the answer.
            {number !== undefined && ' Your first answer is what counts for the score.'}
          </p>
        )}
        {status === 'right' && (
          <p className="feedback-correct">
            <strong>{saved?.correct ? 'Correct.' : 'Right this time.'}</strong> {q.explanation}
            {saved && !saved.correct && number !== undefined && ' (Your first answer was different, so this one does not add to the score.)'}
          </p>
        )}
        {status === 'revealed' && (
          <p className="feedback-revealed">
            <strong>The answer is “{q.options[q.answer]}”.</strong> {q.explanation}
          </p>
        )}
      </div>
    </form>
  );
}
