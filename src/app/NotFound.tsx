import { lessons } from '../../lessons';
import { hrefFor } from '../store/route';

/** A tampered or outdated link gets a clear message and a way on, never a blank page. */
export function NotFound({ slug }: { slug: string }) {
  return (
    <article className="lesson not-found" role="alert">
      <h1>Section not found</h1>
      <p>
        {slug === '__invalid__' ? 'This link is not a valid section address.' : <>There is no section called “{slug}”.</>} Pick one of the sections
        below, or <a href={hrefFor(lessons[0].meta.slug)}>start at the beginning</a>.
      </p>
      <ol>
        {lessons.map((l) => (
          <li key={l.meta.slug}>
            <a href={hrefFor(l.meta.slug)}>{l.meta.title}</a>
          </li>
        ))}
      </ol>
    </article>
  );
}
