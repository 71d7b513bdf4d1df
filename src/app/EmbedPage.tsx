import { LessonContext } from '../views/LessonContext';
import { Simulator } from '../lesson-kit/Simulator';
import { isPreset } from '../sim/settings';
import { LinkNotices } from './LinkNotices';
import { useEmbedApi } from './embedApi';

/**
 * `#/embed/<preset>?…`: one simulator alone, no app chrome, as wide as its iframe. Settings come
 * from the link's bare keys (`#/embed/vanishing?v=1&T=40&w=1.5&theme=dark`); the embedding page
 * can also drive it with postMessage (embedApi.ts).
 */
export function EmbedPage({ preset }: { preset: string }) {
  const ok = isPreset(preset);
  useEmbedApi(ok ? preset : null);
  return (
    <LessonContext.Provider value={{ slug: `embed-${preset}`, presenting: false, embed: true }}>
      <main className="embed" data-testid="embed">
        <LinkNotices />
        {ok ? (
          <Simulator preset={preset} />
        ) : (
          <p role="alert">There is no simulator called “{preset.slice(0, 64)}”. Use one of the presets listed in the README.</p>
        )}
      </main>
    </LessonContext.Provider>
  );
}
