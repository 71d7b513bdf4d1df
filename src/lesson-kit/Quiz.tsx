import { useId, useState } from 'react';
import { useProgress } from '../store/progress';
import { useLesson } from './LessonContext';

export interface QuizQuestion {
  question: string;
  options: string[];
  /** index into options */
  answer: number;
  /** shown after an answer: why the right option is right */
  explanation: string;
}

/**
 * "Check your understanding": one multiple-choice question with feedback. The result goes into
 * the progress store so the sidebar can show the section's quiz as answered.
 */
export function Quiz(props: QuizQuestion & { id: string }) {
  const { slug } = useLesson();
  const quizId = `${slug}/${props.id}`;
  return (
    <section className="quiz" aria-label="Check your understanding">
      <h3 className="quiz-title">Check your understanding</h3>
      <QuestionBlock quizId={quizId} q={props} />
    </section>
  );
}

/** A short quiz over several questions with a running score (the summary section). */
export function QuizSet(props: { id: string; questions: QuizQuestion[] }) {
  const { slug } = useLesson();
  const quizzes = useProgress((s) => s.quizzes);
  const ids = props.questions.map((_, i) => `${slug}/${props.id}-${i + 1}`);
  const answered = ids.filter((id) => quizzes[id]).length;
  const correct = ids.filter((id) => quizzes[id]?.correct).length;
  return (
    <section className="quiz quiz-set" aria-label="Quiz">
      <h3 className="quiz-title">Quiz</h3>
      <p className="quiz-score" role="status" data-testid="quiz-score">
        Score: {correct} / {props.questions.length}
        {answered < props.questions.length ? ` (${props.questions.length - answered} still to answer)` : ' — all answered'}
      </p>
      <ol className="quiz-list">
        {props.questions.map((q, i) => (
          <li key={ids[i]}>
            <QuestionBlock quizId={ids[i]} q={q} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function QuestionBlock({ quizId, q }: { quizId: string; q: QuizQuestion }) {
  const name = useId();
  const saved = useProgress((s) => s.quizzes[quizId]);
  const record = useProgress((s) => s.recordQuiz);
  const [choice, setChoice] = useState<number | null>(saved?.choice ?? null);
  const [checked, setChecked] = useState<boolean>(saved !== undefined);
  const isCorrect = choice === q.answer;

  return (
    <form
      className="quiz-question"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice === null) return;
        setChecked(true);
        record(quizId, choice, choice === q.answer);
      }}
    >
      <fieldset>
        <legend>{q.question}</legend>
        {q.options.map((opt, i) => (
          <label key={i} className={checked && i === q.answer ? 'quiz-option is-answer' : 'quiz-option'}>
            <input
              type="radio"
              name={name}
              value={i}
              checked={choice === i}
              onChange={() => {
                setChoice(i);
                setChecked(false);
              }}
            />
            <span>{opt}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={choice === null}>
        Check answer
      </button>
      <div className="quiz-feedback" role="status" aria-live="polite">
        {checked && choice !== null && (
          <p className={isCorrect ? 'feedback-correct' : 'feedback-wrong'}>
            <strong>{isCorrect ? 'Correct.' : 'Not quite.'}</strong> {q.explanation}
          </p>
        )}
      </div>
    </form>
  );
}
