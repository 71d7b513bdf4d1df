import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { lessons } from '../../lessons';
import { usePresentation } from '../store/presentation';
import { useProgress } from '../store/progress';
import { KeyMapDialog } from './KeyMapDialog';
import { LessonPage } from './LessonPage';
import { NotFound } from './NotFound';
import { navigateDeck, useRoute } from '../store/route';
import { Sidebar } from './Sidebar';
import { Toolbar } from './Toolbar';
import { UpdatePrompt } from './UpdatePrompt';
import { useLessonKeys } from './useLessonKeys';
import { useDeckKeys } from './useDeckKeys';
import { resolveSlide } from './deck';
import { usePresenterSync } from './presenterSync';
import { LinkNotices, DeckNotice } from './LinkNotices';
import { useLinkSync } from './linkSync';
import { whenIdle } from './idle';
import { EmbedPage, HandoutPage, NotesWindow, PresentStage } from './modeChunks';
import { useEngineWarmup } from './engineWarmup';

function ModeChunk({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="mode-loading" role="status">
          Loading…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

export function App() {
  const route = useRoute();
  const markVisited = useProgress((s) => s.markVisited);

  // An empty hash opens the first section (replace, so Back doesn't bounce).
  useEffect(() => {
    if (route.slug === null) window.location.replace(`#/${route.mode === 'read' ? '' : route.mode + '/'}${lessons[0].meta.slug}`);
  }, [route.slug, route.mode]);

  // an embed's slug is a simulator preset, not a section; the handout's is every section
  const index = route.mode === 'embed' || route.mode === 'handout' ? -1 : lessons.findIndex((l) => l.meta.slug === route.slug);
  const lesson = index >= 0 ? lessons[index] : null;

  useEffect(() => {
    document.documentElement.dataset.mode = route.mode;
  }, [route.mode]);

  useEffect(() => {
    if (lesson && route.mode !== 'notes') markVisited(lesson.meta.slug);
    document.title = lesson ? `${lesson.meta.title} — Unrolled` : 'Unrolled — RNN with TensorFlow';
  }, [lesson, route.mode, markVisited]);

  // prefetch the neighbouring sections' chunks once the page is idle
  // (after the section's own chunk: they never compete with it)
  useEffect(() => {
    if (index < 0) return;
    let cancel: (() => void) | null = null;
    let gone = false;
    const later = () => {
      if (!gone) cancel = whenIdle(() => [lessons[index - 1], lessons[index + 1]].forEach((l) => l?.load().catch(() => undefined)), 2000);
    };
    lessons[index].load().then(later, later);
    return () => {
      gone = true;
      cancel?.();
    };
  }, [index]);

  // the section list on narrow screens: a drawer behind the "Sections" button, closed on navigation
  const [navOpenAt, setNavOpenAt] = useState<{ slug: string | null } | null>(null);
  const navOpen = navOpenAt?.slug === route.slug;
  const setNavOpen = (open: boolean) => setNavOpenAt(open ? { slug: route.slug } : null);

  // presenting: the slide and step the URL names, or the nearest that exist (with a notice)
  const deck = lesson && (route.mode === 'present' || route.mode === 'notes') ? resolveSlide(lesson, route.slide, route.step) : null;
  const deckNotice = deck?.notice ?? null;
  const setDeckNotice = usePresentation((s) => s.setDeckNotice);
  useEffect(() => {
    if (!deckNotice || !lesson || !deck || (route.mode !== 'present' && route.mode !== 'notes')) return;
    setDeckNotice(deckNotice);
    // the URL then names the slide shown, so → and a shared link go on from there
    navigateDeck(lesson.meta.slug, route.mode, deck.slide, deck.step);
  }, [deckNotice, setDeckNotice, lesson, deck, route.mode]);

  useLessonKeys();
  useDeckKeys(route.mode === 'present' || route.mode === 'notes');
  useLinkSync();
  usePresenterSync(route);
  useEngineWarmup(route);

  if (route.slug === null) return null;

  if (route.mode === 'embed')
    return (
      <ModeChunk>
        <EmbedPage preset={route.slug} />
      </ModeChunk>
    );

  if (route.mode === 'handout')
    return (
      <ModeChunk>
        <HandoutPage autoPrint={!!route.print} />
      </ModeChunk>
    );

  if (route.mode === 'notes') {
    return lesson && deck ? (
      <ModeChunk>
        <NotesWindow lesson={lesson} index={index} slide={deck.slide} step={deck.step} />
      </ModeChunk>
    ) : (
      <NotFound slug={route.slug} />
    );
  }

  if (route.mode === 'present') {
    return (
      <>
        <LinkNotices />
        <DeckNotice />
        {lesson && deck ? (
          <ModeChunk>
            <PresentStage lesson={lesson} index={index} slide={deck.slide} step={deck.step} />
          </ModeChunk>
        ) : (
          <NotFound slug={route.slug} />
        )}
        <KeyMapDialog />
      </>
    );
  }

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main-content"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to the lesson
      </a>
      <Toolbar slug={lesson?.meta.slug ?? lessons[0].meta.slug} navOpen={navOpen} onToggleNav={() => setNavOpen(!navOpen)} />
      <div className="app-body">
        <Sidebar currentSlug={lesson?.meta.slug ?? null} open={navOpen} onClose={() => setNavOpen(false)} />
        {navOpen && <div className="nav-backdrop" aria-hidden="true" onClick={() => setNavOpen(false)} />}
        <main id="main-content" className="main" tabIndex={-1}>
          <LinkNotices />
          {lesson ? <LessonPage lesson={lesson} index={index} /> : <NotFound slug={route.slug} />}
        </main>
      </div>
      <KeyMapDialog />
      <UpdatePrompt />
    </div>
  );
}
