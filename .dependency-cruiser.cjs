/**
 * Layering rules, checked by `npm run lint` (depcruise src lessons) and proven to fail on a violation
 * by tests/unit/dependency-rules.test.ts. Imports only point down:
 *
 *   app / lesson-kit → views → store → sim (the simulator model) → engine
 *   train (the training model) sits beside sim: it may use engine and sim, nothing above.
 *
 * Type-only imports count too (tsPreCompilationDeps), and src/ never imports tests/ or bench/.
 */
const layer = (from, forbidden, comment) => ({
  name: `${from}-imports-down`,
  comment,
  severity: 'error',
  from: { path: `^src/${from}/` },
  to: { path: `^src/(${forbidden.join('|')})/` },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle means two modules cannot be understood (or tested) one without the other.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('engine', ['app', 'views', 'store', 'sim', 'lesson-kit', 'train'], 'The engine is the bottom layer: pure maths over tfjs.'),
    layer('train', ['app', 'views', 'store', 'lesson-kit'], 'The training model is React-free and knows nothing of the UI or its stores.'),
    layer('sim', ['store', 'views', 'app', 'lesson-kit'], 'The simulator model is plain TypeScript below the store.'),
    layer('store', ['views', 'app', 'lesson-kit'], 'Stores hold plain data; views read them, never the reverse.'),
    layer('views', ['app', 'lesson-kit'], 'Views are used by the app shell and the lesson kit, not the reverse.'),
    {
      name: 'src-not-to-tests-or-bench',
      comment: 'Fixtures, references and benchmarks live outside src/ and never ship.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|bench)/' },
    },
    {
      name: 'tfjs-stays-in-the-worker',
      comment:
        'The page never loads tfjs eagerly: above the engine, only types and dynamic imports (the no-worker fallback) may reach the engine modules that import tfjs. Values shared with the page live in engine/types.ts and engine/init.ts.',
      severity: 'error',
      from: { path: '^src/(app|lesson-kit|views|store|sim)/' },
      to: {
        path: '^src/engine/(index|simulate|cells|backend|buckets|warmup|worker|workerMain|programs)\\.ts$',
        dependencyTypesNot: ['type-only', 'type-import', 'dynamic-import'],
      },
    },
    {
      name: 'models-are-react-free',
      comment: 'engine, train and sim run in Node and in Web Workers: no React, no zustand.',
      severity: 'error',
      from: { path: '^src/(engine|train|sim)/' },
      to: { path: '(^|/)node_modules/(react|react-dom|zustand|@mdx-js/react)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
