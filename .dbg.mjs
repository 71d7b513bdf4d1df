import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '/work/wt/experience/scripts/chromium.mjs';
const b = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
const p = await b.newPage({ viewport: { width: 1366, height: 900 } });
p.on('console', m => console.log('console', m.text()));
await p.goto('http://127.0.0.1:5184/courses/kldl/unrolled/#/lstm');
await p.waitForTimeout(2000);
await p.getByRole('button', { name: 'Instructor notes' }).click();
for (const t of [100, 1000, 3000]) { await p.waitForTimeout(t); console.log(await p.evaluate(() => ({ y: scrollY, top: document.querySelector('[data-speaker-notes]').getBoundingClientRect().top, hidden: document.querySelector('[data-speaker-notes]').hidden, h: document.body.scrollHeight, act: document.activeElement?.className }))); }
await b.close();
